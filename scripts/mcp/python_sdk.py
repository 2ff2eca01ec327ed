"""An MCP client no code of this repository wrote: the official Python SDK (`mcp`
from PyPI) drives `epsimo mcp` with every tool enabled, over stdio and over
Streamable HTTP, against the emulator. It lists every tool, resource and prompt,
runs an assistant with progress (the agent writes the Virtual Database), calls each
read-only tool (the SDK checks each structured result against the tool's output
schema), and cancels a run.

Run by scripts/mcp/python_sdk.sh inside `epsimo emulator exec`, in a directory
whose epsimo.yaml was deployed (the project the server uses).
"""

import asyncio
import importlib.metadata
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time

import anyio
import httpx
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

FLAGS = ["mcp", "--allow-write", "--allow-delete", "--expose-assistants"]


def check(cond, what):
    if not cond:
        print(f"python sdk: FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def read_args(thread):
    """Every read-only tool, with arguments that work on the deployed project."""
    return {
        "list_projects": {},
        "list_assistants": {},
        "get_assistant": {"assistant": "Keeper"},
        "list_threads": {},
        "get_thread": {"thread": thread},
        "db_query": {"thread": thread},
        "db_get": {"thread": thread, "key": "status"},
        "list_models": {},
        "credits_balance": {},
        "deploy_plan": {},
    }


async def exercise(session, how):
    init = await session.initialize()
    check(init.serverInfo.name == "epsimo", f"{how}: server name: {init.serverInfo}")

    tools = (await session.list_tools()).tools
    names = [t.name for t in tools]
    for wanted in ("db_set", "deploy_apply", "delete_thread", "publish_assistant", "ask_keeper"):
        check(wanted in names, f"{how}: {wanted} in {names}")
    for t in tools:
        check(t.inputSchema.get("type") == "object", f"{how}: {t.name} input schema")
        check(t.outputSchema and t.outputSchema.get("type") == "object", f"{how}: {t.name} output schema")
        a = t.annotations
        for hint in (a.readOnlyHint, a.destructiveHint, a.idempotentHint, a.openWorldHint):
            check(isinstance(hint, bool), f"{how}: {t.name} says all four hints: {a}")
    run_tool = next(t for t in tools if t.name == "run_assistant")
    check(run_tool.annotations.readOnlyHint is False, f"{how}: a run is not read-only")

    templates = (await session.list_resource_templates()).resourceTemplates
    check(len(templates) == 4, f"{how}: four resource templates")
    prompts = [p.name for p in (await session.list_prompts()).prompts]
    check(prompts == ["create_assistant", "test_assistant"], f"{how}: prompts {prompts}")
    prompt = await session.get_prompt("create_assistant", {"description": "Answers about opening hours"})
    check("create_assistant" in prompt.messages[0].content.text, f"{how}: a prompt's text")

    progress = []

    async def on_progress(p, total, message):
        progress.append(message)

    r = await session.call_tool(
        "run_assistant",
        {"message": '/tool update_database {"key": "status", "value": "shipped"}'},
        progress_callback=on_progress,
    )
    check(not r.isError, f"{how}: run_assistant: {r.content}")
    run = r.structuredContent
    check(run["status"] == "done" and run["created_thread"] is True, f"{how}: {run}")
    check(run["tool_calls"][0]["name"] == "update_database", f"{how}: tool calls: {run}")
    check(len(progress) > 0, f"{how}: progress notifications while the run streamed")
    thread = run["thread_id"]

    args = read_args(thread)
    reads = [t.name for t in tools if t.annotations.readOnlyHint]
    for name in reads:
        check(name in args, f"{how}: this script knows how to call {name}")
        r = await session.call_tool(name, args[name])  # checked against its output schema
        check(not r.isError, f"{how}: {name}: {r.content}")

    resources = (await session.list_resources()).resources
    uris = [str(r.uri) for r in resources]
    check(any("/assistants/" in u for u in uris), f"{how}: assistants are resources")
    db_uri = next((u for u in uris if u.endswith(f"{thread}/db")), None)
    check(db_uri, f"{how}: the new thread's database is listed")
    db = await session.read_resource(db_uri)
    check('"shipped"' in db.contents[0].text, f"{how}: the db resource: {db}")

    r = await session.call_tool("db_get", {"thread": thread, "key": "missing"})
    check(r.isError, f"{how}: a missing key is a tool error")
    text = r.content[0].text
    check("db_query" in text and " --" not in text, f"{how}: worded for an agent: {text}")

    # Cancelled after the first progress: the SDK sends nothing by itself, so the
    # notification is sent as the specification says; the server goes on.
    request_id = session._request_id
    cancelled = []
    async with anyio.create_task_group() as tg:

        async def cancel_on_progress(p, total, message):
            if not cancelled:
                cancelled.append(time.monotonic())
                await session.send_notification(
                    types.ClientNotification(
                        types.CancelledNotification(
                            params=types.CancelledNotificationParams(requestId=request_id, reason="enough")
                        )
                    )
                )
                tg.cancel_scope.cancel()

        await session.call_tool(
            "run_assistant", {"message": "word " * 200}, progress_callback=cancel_on_progress
        )
    check(cancelled, f"{how}: the run reported progress before it was cancelled")
    r = await session.call_tool("list_threads", {})
    check(not r.isError, f"{how}: the server answers after a cancellation")
    return len(names), len(progress)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def over_stdio(epsimo):
    params = StdioServerParameters(command=epsimo, args=FLAGS, env=dict(os.environ))
    with open(os.devnull, "w") as quiet:
        async with stdio_client(params, errlog=quiet) as (read, write):
            async with ClientSession(read, write) as session:
                return await exercise(session, "stdio")


async def over_http(epsimo):
    port = free_port()
    token = secrets.token_hex(24)
    env = dict(os.environ, EPSIMO_MCP_TOKEN=token)
    server = subprocess.Popen(
        [epsimo, *FLAGS, "--http", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/mcp"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(headers=headers, timeout=httpx.Timeout(30, read=300)) as http:
            async with streamable_http_client(url, http_client=http) as (read, write, _):
                async with ClientSession(read, write) as session:
                    return await exercise(session, "http")
    finally:
        server.terminate()
        server.wait()


async def main():
    epsimo = shutil.which("epsimo")
    check(epsimo is not None, "epsimo is on PATH")
    tools, stdio_progress = await over_stdio(epsimo)
    _, http_progress = await over_http(epsimo)
    version = importlib.metadata.version("mcp")
    print(
        f"python sdk (mcp {version}): ok over stdio and http ({tools} tools, "
        f"{stdio_progress}+{http_progress} progress notifications)"
    )


asyncio.run(main())
