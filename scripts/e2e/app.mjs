// Drives the scaffolded app in headless Chromium against the emulator: the
// sign-up link, sign in, chat, call update_database (one card), see the Virtual
// Database panel update, start a second thread and switch back to the first,
// one primary button per view, and on a 390-px screen reach the Database panel.
// A state read that answers after the run it preceded (held back by the
// emulator's `hold` fault) must not take the run's reply away.
// Usage: E2E_API_URL=... E2E_ADMIN_TOKEN=... node scripts/e2e/app.mjs APP_URL SCREENSHOT_PATH
import { chromium } from "playwright-core";

const [url, shot] = process.argv.slice(2);
const fault = async (spec) => {
  const r = await fetch(`${process.env.E2E_API_URL}/_emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}` },
    body: JSON.stringify(spec),
  });
  if (!r.ok) throw new Error(`the emulator refused the fault: ${r.status} ${await r.text()}`);
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const fail = async (page, what) => {
  await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  console.error(`e2e: ${what}`);
  console.error(await page.content());
  await browser.close();
  process.exit(1);
};
const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
page.on("console", (m) => console.log(`browser ${m.type()}: ${m.text()}`));

// The buttons a person sees that are filled with the accent colour: exactly one
// per view, the thing to do next (a selected thread's tint is not a button's).
const primaries = () =>
  page.evaluate(() => {
    const probe = document.createElement("span");
    probe.style.color = "var(--accent)";
    (document.querySelector("main") ?? document.body).appendChild(probe);
    const accent = getComputedStyle(probe).color;
    probe.remove();
    return [...document.querySelectorAll("button")]
      .filter((b) => b.getClientRects().length > 0 && getComputedStyle(b).visibility !== "hidden")
      .filter((b) => getComputedStyle(b).backgroundColor === accent)
      .map((b) => b.textContent.trim());
  });
const onePrimary = async (view) => {
  const p = await primaries();
  if (p.length !== 1) await fail(page, `${view}: ${p.length} primary buttons (${p.join(", ")}), not one`);
};

try {
  await page.goto(url);
  await page.waitForSelector("input[name=email]", { timeout: 20000 });
  await onePrimary("sign-in");

  // The sign-up link: a second form (password twice) that creates the account.
  await page.click("a.epsimo-link:has-text('Create one')");
  await page.waitForSelector("input[name=password-again]", { timeout: 5000 });
  await onePrimary("sign-up");
  await page.fill("input[name=email]", "newcomer@example.com");
  await page.fill("input[name=password]", "a-long-password-1");
  await page.fill("input[name=password-again]", "a-long-password-2");
  await page.click("button[type=submit]");
  await page.locator("[role=alert]", { hasText: "The two passwords differ" }).waitFor({ timeout: 5000 });
  await page.fill("input[name=password-again]", "a-long-password-1");
  await page.click("button[type=submit]");
  // The account is created; this app's project belongs to the dev account.
  await page.locator("[role=alert]", { hasText: "Your account was created" }).waitFor({ timeout: 20000 });
  await page.click("a.epsimo-link:has-text('Sign in')");
  await page.waitForSelector("input[name=password-again]", { state: "detached", timeout: 5000 });

  await page.fill("input[name=email]", "dev@example.com");
  await page.fill("input[name=password]", "epsimo-dev");
  await page.click("button[type=submit]");
  await page.waitForSelector("input[name=message]", { timeout: 20000 });
  await onePrimary("chat");

  await page.fill("input[name=message]", "Hello from the browser");
  await page.press("input[name=message]", "Enter");
  const reply = page.locator("[data-role=assistant]", { hasText: "(emulated) You said: Hello from the browser" });
  await reply.waitFor({ timeout: 20000 });
  if ((await reply.count()) !== 1) await fail(page, "the reply shows more than once");
  await page.waitForSelector("button[type=submit]:has-text('Send')", { timeout: 20000 });

  await page.fill("input[name=message]", '/tool update_database {"key": "mood", "value": "great"}');
  await page.press("input[name=message]", "Enter");
  await page.locator("[data-role=tool]", { hasText: "update_database" }).first().waitFor({ timeout: 20000 });
  // One tool call is one card (name, arguments, result), not a bubble each.
  await page.locator("[data-role=tool]", { hasText: "done" }).first().waitFor({ timeout: 20000 });
  const cards = page.locator("[data-role=tool]");
  if ((await cards.count()) !== 1) await fail(page, `one tool call shows as ${await cards.count()} cards`);
  await cards.first().locator("summary").click();
  const card = (await cards.first().textContent()) ?? "";
  if (!card.includes('"key":"mood"') || !card.includes("Saved mood")) await fail(page, `the card lacks the call's arguments or result: ${card}`);
  const cell = page.locator("[data-testid=db-mood]");
  await cell.waitFor({ timeout: 20000 });
  if (!(await cell.textContent()).includes("great")) await fail(page, "the database panel lacks the value");

  // The conversation persists: after a reload the same thread comes back.
  await page.reload();
  await page.locator("[data-role=assistant]", { hasText: "Hello from the browser" }).waitFor({ timeout: 20000 });
  await page.locator("[data-role=tool]").first().waitFor({ timeout: 20000 });
  if ((await page.locator("[data-role=tool]").count()) !== 1) await fail(page, "after a reload the tool call is not one card");

  // A second thread, then back to the first from the thread list.
  const threads = page.locator("[data-testid=thread-list] [data-thread-id]");
  await threads.first().waitFor({ timeout: 20000 });
  if ((await threads.count()) !== 1) await fail(page, `${await threads.count()} threads listed, not 1`);
  await page.click("button:has-text('New thread')");
  await page.locator("[data-role=assistant]").first().waitFor({ state: "detached", timeout: 5000 });
  // The first message makes the thread, which starts a read of its (empty) state
  // beside the run: the emulator serves that read at once, before the run (held
  // a second) has written anything, and holds its answer back until after the run
  // has ended. The reply must stay.
  const held = 3000;
  await fault({ method: "POST", path: "/runs/stream", times: 1, action: "delay", ms: 1000 });
  await fault({ method: "GET", path: "/threads/*", times: 1, action: "hold", ms: held });
  await page.fill("input[name=message]", "A second conversation");
  await page.press("input[name=message]", "Enter");
  const second = page.locator("[data-role=assistant]", { hasText: "You said: A second conversation" });
  await second.waitFor({ timeout: 20000 });
  await page.waitForTimeout(held + 1000);
  if ((await second.count()) !== 1) await fail(page, "the reply vanished when a state read begun before the run answered after it");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=thread-list] [data-thread-id]").length === 2, null, { timeout: 20000 });
  if ((await page.locator("[data-testid=db-mood]").count()) !== 0) await fail(page, "the new thread shows the first thread's database");
  await page.locator("[data-testid=thread-list] [data-thread-id]", { hasText: "Hello from the browser" }).click();
  await page.locator("[data-role=assistant]", { hasText: "You said: Hello from the browser" }).waitFor({ timeout: 20000 });
  if ((await page.locator("[data-role=user]", { hasText: "A second conversation" }).count()) !== 0) {
    await fail(page, "switching threads kept the other thread's messages");
  }
  await page.locator("[data-testid=db-mood]").waitFor({ timeout: 20000 });
  const current = page.locator("[data-testid=thread-list] [aria-current=true]");
  if (!((await current.textContent()) ?? "").includes("Hello from the browser")) await fail(page, "the list does not mark the open thread");
  await onePrimary("chat, two threads");
  await page.screenshot({ path: shot, fullPage: true });

  // A phone: 390 px wide. One pane at a time; the Database tab reaches the panel.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForSelector("[data-testid=tab-database]", { state: "visible", timeout: 5000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  if (overflow > 390) await fail(page, `at 390 px the page is ${overflow} px wide`);
  await onePrimary("phone, chat");
  if (await page.locator("[data-testid=database-panel]").isVisible()) await fail(page, "at 390 px the database panel shows under the chat");
  await page.click("[data-testid=tab-database]");
  const panel = page.locator("[data-testid=database-panel]");
  await panel.waitFor({ state: "visible", timeout: 5000 });
  const box = await panel.boundingBox();
  if (!box || box.x < 0 || box.x + box.width > 390 || box.y > 844) await fail(page, `the database panel is off screen: ${JSON.stringify(box)}`);
  if (!(await page.locator("[data-testid=db-mood]").isVisible())) await fail(page, "the database tab lacks the value");
  await page.click("[data-testid=tab-threads]");
  await page.locator("[data-testid=thread-list]").waitFor({ state: "visible", timeout: 5000 });
  await onePrimary("phone, threads");
  await page.locator("[data-testid=thread-list] [data-thread-id]", { hasText: "A second conversation" }).click();
  await page.locator("[data-role=assistant]", { hasText: "You said: A second conversation" }).waitFor({ timeout: 20000 });
  await page.screenshot({ path: shot.replace(/\.png$/, "-390.png"), fullPage: true });
  console.log(`e2e: ok (screenshot ${shot})`);
} catch (e) {
  await fail(page, String(e));
}
await browser.close();
