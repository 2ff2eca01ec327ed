// The official `openai` npm package against the emulator's OpenAI-compatible
// endpoint, with a public token (scripts/openai/sdk.sh sets the variables).
import OpenAI from "openai";
import assert from "node:assert/strict";

const baseURL = process.env.EPSIMO_API_URL.replace(/\/$/, "") + "/public/openai/v1";
const client = new OpenAI({ baseURL, apiKey: process.env.PUBLIC_TOKEN });

const reply = await client.chat.completions.create({
  model: "gpt-4o",
  messages: [{ role: "user", content: "Hello from JavaScript" }],
});
assert.equal(reply.choices[0].message.content, "(emulated) You said: Hello from JavaScript");
assert.equal(reply.choices[0].finish_reason, "stop");

let text = "";
let finish = null;
const stream = await client.chat.completions.create({
  model: "gpt-4o",
  messages: [{ role: "user", content: "Streamed from JavaScript" }],
  stream: true,
});
for await (const chunk of stream) {
  text += chunk.choices[0]?.delta?.content ?? "";
  finish = chunk.choices[0]?.finish_reason ?? finish;
}
assert.equal(text, "(emulated) You said: Streamed from JavaScript");
assert.equal(finish, "stop");

const wrong = new OpenAI({ baseURL, apiKey: "pubkey_wrong", maxRetries: 0 });
await assert.rejects(
  wrong.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }),
  (e) => e instanceof OpenAI.AuthenticationError,
);
if (process.env.AUTHENTICATED_TOKEN) {
  const locked = new OpenAI({ baseURL, apiKey: process.env.AUTHENTICATED_TOKEN, maxRetries: 0 });
  await assert.rejects(
    locked.chat.completions.create({ model: "x", messages: [{ role: "user", content: "hi" }] }),
    // The SDK keeps only an `error` member of an error body; the platform's body is
    // `{"detail": ...}`, so the status is what this client can tell (the Python SDK
    // and the Rust tests check the message).
    (e) => e instanceof OpenAI.PermissionDeniedError && e.status === 403,
  );
}
console.log("javascript openai ok");
