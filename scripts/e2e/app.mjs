// Drives the scaffolded app in headless Chromium against the emulator:
// sign in, chat, call update_database, see the Virtual Database panel update.
// Usage: node scripts/e2e/app.mjs APP_URL SCREENSHOT_PATH
import { chromium } from "playwright-core";

const [url, shot] = process.argv.slice(2);
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
try {
  await page.goto(url);
  await page.fill("input[name=email]", "dev@example.com");
  await page.fill("input[name=password]", "epsimo-dev");
  await page.click("button[type=submit]");
  await page.waitForSelector("input[name=message]", { timeout: 20000 });

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
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`e2e: ok (screenshot ${shot})`);
} catch (e) {
  await fail(page, String(e));
}
await browser.close();
