"""An MCP client no code of this repository wrote: the official Python SDK (`mcp`
from PyPI) drives `epsimo mcp` over stdio against the emulator. It lists the tools,
calls list_assistants, run_assistant (which writes the Virtual Database through the
agent's update_database tool) and db_get, and checks each answer.

Run by scripts/mcp/python_sdk.sh inside `epsimo emulator exec`, in a directory
whose epsimo.yaml was deployed (the project the server uses).
"""

import asyncio
import importlib.metadata
import os
import shutil
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def check(cond, what):
    if not cond:
        print(f"python sdk: FAILED: {what}", file=sys.stderr)
        sys.exit(1)


async def main():
    epsimo = shutil.which("epsimo")
    check(epsimo is not None, "epsimo is on PATH")
    params = StdioServerParameters(command=epsimo, args=["mcp"], env=dict(os.environ))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check(init.serverInfo.name == "epsimo", f"server name: {init.serverInfo}")

            tools = (await session.list_tools()).tools
            names = [t.name for t in tools]
            for wanted in ("list_assistants", "run_assistant", "db_get"):
                check(wanted in names, f"{wanted} in {names}")
            check("db_set" not in names, "writes are off without --allow-write")
            for t in tools:
                check(t.inputSchema.get("type") == "object", f"{t.name} input schema")
                check(t.outputSchema and t.outputSchema.get("type") == "object", f"{t.name} output schema")

            r = await session.call_tool("list_assistants", {})
            check(not r.isError, f"list_assistants: {r.content}")
            assistants = r.structuredContent["assistants"]
            check([a["name"] for a in assistants] == ["Keeper"], f"assistants: {assistants}")

            progress = []

            async def on_progress(p, total, message):
                progress.append(message)

            r = await session.call_tool(
                "run_assistant",
                {"message": '/tool update_database {"key": "status", "value": "shipped"}'},
                progress_callback=on_progress,
            )
            check(not r.isError, f"run_assistant: {r.content}")
            run = r.structuredContent
            check(run["created_thread"] is True, f"a new thread: {run}")
            check(run["tool_calls"][0]["name"] == "update_database", f"tool calls: {run}")
            check(len(progress) > 0, "progress notifications while the run streamed")

            r = await session.call_tool("db_get", {"thread": run["thread_id"], "key": "status"})
            check(not r.isError, f"db_get: {r.content}")
            check(r.structuredContent["value"] == "shipped", f"db_get: {r.structuredContent}")

            r = await session.call_tool("db_get", {"thread": run["thread_id"], "key": "missing"})
            check(r.isError, "a missing key is a tool error")
            text = r.content[0].text
            check("hint: list the keys with `epsimo db query" in text, text)

    version = importlib.metadata.version("mcp")
    print(f"python sdk (mcp {version}): ok ({len(names)} tools, {len(progress)} progress notifications)")


asyncio.run(main())
