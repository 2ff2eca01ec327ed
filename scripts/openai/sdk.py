"""The official `openai` Python package against the emulator's OpenAI-compatible
endpoint, with a public token (scripts/openai/sdk.sh sets the variables)."""
import os
import sys

import openai
from openai import OpenAI

base = os.environ["EPSIMO_API_URL"].rstrip("/") + "/public/openai/v1"
token = os.environ["PUBLIC_TOKEN"]
client = OpenAI(base_url=base, api_key=token)

reply = client.chat.completions.create(
    model="gpt-4o", messages=[{"role": "user", "content": "Hello from Python"}]
)
assert reply.choices[0].message.content == "(emulated) You said: Hello from Python", reply
assert reply.choices[0].finish_reason == "stop", reply
assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens

text = ""
finish = None
for chunk in client.chat.completions.create(
    model="gpt-4o",
    messages=[{"role": "user", "content": "Streamed from Python"}],
    stream=True,
):
    if chunk.choices and chunk.choices[0].delta.content:
        text += chunk.choices[0].delta.content
    if chunk.choices and chunk.choices[0].finish_reason:
        finish = chunk.choices[0].finish_reason
assert text == "(emulated) You said: Streamed from Python", text
assert finish == "stop", finish

try:
    OpenAI(base_url=base, api_key="pubkey_wrong", max_retries=0).chat.completions.create(
        model="x", messages=[{"role": "user", "content": "hi"}]
    )
    sys.exit("a wrong token was accepted")
except openai.AuthenticationError:
    pass

if os.environ.get("AUTHENTICATED_TOKEN"):
    try:
        OpenAI(base_url=base, api_key=os.environ["AUTHENTICATED_TOKEN"], max_retries=0).chat.completions.create(
            model="x", messages=[{"role": "user", "content": "hi"}]
        )
        sys.exit("an authenticated assistant answered a public call")
    except openai.PermissionDeniedError as e:
        detail = e.response.json().get("detail", "")
        assert "not configured for public access" in detail, e.response.text

print("python openai", openai.__version__, "ok")
