// e2e.mjs - the browser tests' plumbing, in one place: a fresh database
// (init + demo, tests/lib/harness.mjs) served with the console by a real
// `bangfu serve` that can be moved from day to day (harness.mjs Stage),
// Debian's Chromium through playwright-core (the console's devDependency,
// loaded from web/node_modules: no downloaded browser), pages in contexts
// of their own with their script errors collected and a screenshot when a
// test fails, logging in and out, the menu, date pickers, screenshots into
// tests/out/, and ID numbers to type.
//
// BANGFU_BIN names the binary (default build/bangfu, relative to the repo
// root); CHROMIUM the browser (default /usr/bin/chromium); BANGFU_WEB_DIST
// another build of the console than web/dist (`npx vite build --outDir …`),
// so a run is not disturbed by someone rebuilding web/dist meanwhile.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { initDb, Stage, idNumber, ROOT, BIN, DEMO_PASSWORD } from './harness.mjs'

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const WEB = path.join(ROOT, 'web')
export const OUT = path.join(ROOT, 'tests/out')
export const DIST = process.env.BANGFU_WEB_DIST ? path.resolve(ROOT, process.env.BANGFU_WEB_DIST) : path.join(WEB, 'dist')

const { chromium } = createRequire(path.join(WEB, 'package.json'))('playwright-core')

/* ---- the world: database, server, browser ---- */

// The binary, the browser and the console are there (the console is built
// when missing, unless BANGFU_WEB_DIST names one); tests/out/ exists.
function prerequisites() {
  assert.ok(fs.existsSync(BIN), `no server binary at ${BIN} (build it with make, or set BANGFU_BIN)`)
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium)`)
  if (process.env.BANGFU_WEB_DIST) assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `no console at ${DIST}`)
  else if (!fs.existsSync(path.join(DIST, 'index.html'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: WEB, stdio: 'inherit' })
  fs.mkdirSync(OUT, { recursive: true })
}

// A browser test's world.  open() makes it (call it from before()),
// close() takes down whatever was made (from after()).
export class E2e {
  constructor() {
    this.db = null
    this.stage = null
    this.browser = null
  }

  // members: how many the demo registers; day: the server's BANGFU_TODAY
  // (none: the machine's date); cases: the demo's procedure and fund too.
  async open({ members = 50, day, cases = false } = {}) {
    prerequisites()
    this.db = initDb({ members, cases })
    this.stage = new Stage(this.db, { args: ['--web', DIST], strict: false })
    await (day ? this.stage.day(day) : this.stage.start())
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    })
  }

  get base() {
    return this.stage.base
  }

  async close() {
    if (this.browser) await this.browser.close().catch(() => {})
    if (this.stage) await this.stage.stop()
    if (this.db) this.db.cleanup()
  }

  // Runs fn({ context, page, errors }) on a new page in a context of its
  // own (its own cookies), 1440×900 unless viewport says, zh-CN (a phone's
  // viewport, width below 768, is a phone's: touch, and the page's viewport
  // meta tag obeyed).  errors collects the page's
  // script errors (with consoleErrors, its console's errors too, failed
  // loads aside).  When fn throws, the page goes to tests/out/<failure>.png
  // and onFailure(page) runs before the error goes on; the context is
  // closed in any case.
  async withPage({ failure, onFailure, acceptDownloads = false, timeout = 15_000, consoleErrors = false, viewport = { width: 1440, height: 900 } }, fn) {
    const phone = viewport.width < 768 ? { hasTouch: true, isMobile: true } : {}
    const context = await this.browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads, ...phone })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    if (consoleErrors) {
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`)
      })
    }
    page.setDefaultTimeout(timeout)
    try {
      return await fn({ context, page, errors })
    } catch (e) {
      await shot(page, failure).catch(() => {})
      if (onFailure) await onFailure(page)
      throw e
    } finally {
      await context.close()
    }
  }

  // Logs in through the login page (Enter submits), reached at from.
  async login(page, username, password = DEMO_PASSWORD, { from = '/#/login' } = {}) {
    await page.goto(this.base + from)
    await page.getByTestId('login-username').fill(username)
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-password').press('Enter')
    await page.getByTestId('current-user').waitFor()
  }
}

/* ---- helpers on the page (Element Plus widgets) ---- */

export async function logout(page) {
  await page.getByTestId('logout').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.getByTestId('login-username').waitFor()
}

// Clicks the menu item name, opening its sub-menu group first when folded.
export async function menu(page, name, group) {
  const item = page.getByTestId(`menu-${name}`)
  if (!(await item.isVisible())) await page.locator('.el-sub-menu__title').filter({ hasText: group }).click()
  await item.click()
}

// Types into an el-date-picker's input (value-format YYYY-MM-DD); Enter
// takes it and closes the panel (no Escape: inside a dialog that would
// close the dialog).
export async function typeDate(input, date) {
  await input.click()
  await input.fill(date)
  await input.press('Enter')
}

// A screenshot of the page as tests/out/<name>.png.
export function shot(page, name, { fullPage = true } = {}) {
  return page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage })
}

/* ---- ID numbers to type ---- */

const CHECK = '10X98765432' // ISO 7064 MOD 11-2 check characters

export function randomDigits(n) {
  let s = ''
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 10)
  return s
}

// A valid ID number with a random sequence number (harness.mjs idNumber),
// and the same number with a wrong check character: 110101 (北京市东城区),
// born 1961-04-17.
export function idNumbers() {
  const good = idNumber('110101', '19610417', randomDigits(3))
  const wrong = good.slice(0, 17) + CHECK[(CHECK.indexOf(good[17]) + 1) % 11]
  return { good, wrong }
}
