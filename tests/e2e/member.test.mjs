// member.test.mjs - the browser test of the console against a real server:
// `bangfu init` + `bangfu demo --members 50` into a fresh SQLite file, then
// `bangfu serve` on a free loopback port, then in Debian's Chromium (through
// playwright-core, no downloaded browser): log in as admin, open 党员名册,
// 新增党员 with a wrong ID number (bad check character), see the server's
// message at the 身份证号码 field, correct it, save, and find the member by
// searching the name.  A screenshot of the end goes to tests/out/.
//
// Run: `npm run test:e2e` in web/ (or `node --test tests/e2e/` from the repo
// root).  BANGFU_BIN names the binary (default build/bangfu, relative to the
// repo root); CHROMIUM the browser (default /usr/bin/chromium).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = path.resolve(ROOT, process.env.BANGFU_BIN || 'build/bangfu')
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const WEB = path.join(ROOT, 'web')
const OUT = path.join(ROOT, 'tests/out')
const ADMIN_PASSWORD = 'E2eAdmin2026pw'

// playwright-core is the console's devDependency: load it from web/node_modules.
const { chromium } = createRequire(path.join(WEB, 'package.json'))('playwright-core')

let tmp, server, serverLog = '', browser, base

/* ---- ID numbers (GB 11643-1999): 17 digits + ISO 7064 MOD 11-2 check ---- */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'
function checkChar(digits17) {
  const sum = [...digits17].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0)
  return CHECK[sum % 11]
}
function randomDigits(n) {
  let s = ''
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 10)
  return s
}
/** A valid ID number and the same number with a wrong check character. */
function idNumbers() {
  // 110101 (北京市东城区), born 1961-04-17, a random sequence number.
  const d17 = '110101' + '19610417' + randomDigits(3)
  const good = d17 + checkChar(d17)
  const wrong = d17 + CHECK[(CHECK.indexOf(good[17]) + 1) % 11]
  return { good, wrong }
}
/** A name unlikely to exist in the demo data: 复姓 + two given characters. */
function uniqueName() {
  const pick = (s) => s[Math.floor(Math.random() * s.length)]
  return '欧阳' + pick('晓明俊思远文博子涵瑞') + pick('峰岚涛霖睿菡锦钰')
}

/* ---- the server ---- */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

function run(...args) {
  try {
    return execFileSync(BIN, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
  } catch (e) {
    throw new Error(`bangfu ${args[0]} failed (exit ${e.status}):\n${e.stdout || ''}${e.stderr || ''}`)
  }
}

async function waitForHealth(url, ms) {
  const end = Date.now() + ms
  let last
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`bangfu serve exited with ${server.exitCode}:\n${serverLog}`)
    try {
      const res = await fetch(url + '/api/v1/health')
      if (res.ok && (await res.json()).status === 'ok') return
      last = `HTTP ${res.status}`
    } catch (e) {
      last = e.message
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`bangfu serve did not answer /api/v1/health within ${ms} ms (${last}):\n${serverLog}`)
}

before(async () => {
  assert.ok(fs.existsSync(BIN), `no server binary at ${BIN} (build it with make, or set BANGFU_BIN)`)
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium)`)
  if (!fs.existsSync(path.join(WEB, 'dist/index.html'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: WEB, stdio: 'inherit' })
  }
  fs.mkdirSync(OUT, { recursive: true })

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-e2e-'))
  const db = `sqlite:${path.join(tmp, 't.db')}`
  run('init', '--db', db, '--admin-password', ADMIN_PASSWORD)
  run('demo', '--db', db, '--members', '50')

  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  server = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', path.join(WEB, 'dist')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Drain both pipes (the access log goes to stderr) so the server never blocks;
  // keep the tail for the failure message.
  const keep = (chunk) => {
    serverLog = (serverLog + chunk).slice(-8000)
  }
  server.stdout.on('data', keep)
  server.stderr.on('data', keep)
  await waitForHealth(base, 30_000)

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r))
    server.kill('SIGTERM')
    const t = setTimeout(() => server.kill('SIGKILL'), 12_000)
    await exited
    clearTimeout(t)
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

/* ---- helpers on the page (Element Plus widgets) ---- */

/** Opens the el-select inside [data-field=field] and picks the option labelled text. */
async function choose(page, field, text) {
  await page.locator(`[data-field="${field}"] .el-select__wrapper`).click()
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
  await option.first().click()
  await page.keyboard.press('Escape').catch(() => {})
}

/** Types a date into the el-date-picker of a field (value-format YYYY-MM-DD). */
async function typeDate(page, field, date) {
  const input = page.locator(`[data-field="${field}"] input`)
  await input.click()
  await input.fill(date)
  await input.press('Enter')
  await page.keyboard.press('Escape').catch(() => {})
}

test('新增党员：身份证号码校验位错误时在该字段显示服务器的提示，改正后保存并能按姓名查到', async (t) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.setDefaultTimeout(15_000)
  const name = uniqueName()
  const { good, wrong } = idNumbers()
  const phone = '139' + randomDigits(8)
  t.diagnostic(`member ${name}, ID ${good} (wrong: ${wrong}), phone ${phone}`)

  try {
    // Log in (Enter submits).
    await page.goto(base + '/')
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD)
    await page.getByTestId('login-password').press('Enter')
    await page.getByTestId('current-user').waitFor()

    // 党员名册 → 新增党员.
    await page.getByTestId('menu-members').click()
    await page.getByTestId('member-table').waitFor()
    await page.getByTestId('member-add').click()
    await page.getByTestId('member-name').waitFor()

    // Fill the form, with the wrong check character.
    await page.getByTestId('member-name').fill(name)
    await page.getByTestId('member-id_number').fill(wrong)
    await choose(page, 'ethnicity', '汉族')
    await choose(page, 'education', '初中')
    await typeDate(page, 'joined_on', '1985-07-01')
    await page.getByTestId('member-phone').fill(phone)
    await choose(page, 'household_type', '农业')
    await page.locator('[data-field="household_size"] input').fill('3')
    await page.getByTestId('member-address').fill('城关镇幸福村二组 12 号')
    // 所在支部: the first 党支部 in the tree.
    await page.locator('[data-field="org_id"] .el-select__wrapper').click()
    await page.locator('.member-org-popper [data-kind="branch"]:visible').first().click()
    await choose(page, 'member_type', '普通党员')
    await page.getByTestId('member-income_sources').fill('务农年收入约 6000 元')

    // Save: the server refuses the ID number and names the field.
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/members') && r.request().method() === 'POST')
    await page.getByTestId('member-save').click()
    const res = await refused
    assert.equal(res.status(), 400, 'a wrong check character is a 400')
    const { error } = await res.json()
    assert.equal(error.field, 'id_number')
    const fieldError = page.locator('[data-field="id_number"] .el-form-item__error')
    await fieldError.waitFor()
    assert.equal((await fieldError.innerText()).trim(), error.message, 'the server message is shown at 身份证号码')
    assert.match(page.url(), /#\/members\/new/, 'still on the form')
    await page.screenshot({ path: path.join(OUT, 'member-e2e-id-error.png') })

    // Correct the ID number and save again: the detail page opens.
    await page.getByTestId('member-id_number').fill(good)
    await fieldError.waitFor({ state: 'detached' }).catch(() => {})
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/members') && r.request().method() === 'POST')
    await page.getByTestId('member-save').click()
    const ok = await created
    assert.equal(ok.status(), 201, `saving the corrected member: ${await ok.text()}`)
    const { id } = await ok.json()
    await page.waitForURL(new RegExp(`#/members/${id}$`))
    await page.getByTestId('member-title').filter({ hasText: name }).waitFor()
    const masked = (await page.getByTestId('member-id_number-value').innerText()).trim()
    assert.equal(masked.length, 18)
    assert.ok(masked.includes('*') && masked.endsWith(good.slice(-4)), `the detail page shows the ID masked (${masked})`)

    // Back in the list, search the name.
    await page.getByTestId('menu-members').click()
    await page.getByTestId('member-search').fill(name)
    await page.getByTestId('member-search').press('Enter')
    await page.waitForURL((u) => new URL(u).hash.includes('q='))
    const row = page.locator('[data-testid="member-table"] .el-table__body tr').filter({ hasText: name })
    await row.first().waitFor()
    assert.equal(await row.count(), 1, 'exactly one member with that name')
    assert.ok((await row.first().innerText()).includes(good.slice(-4)), 'the row shows the (masked) ID number')

    await page.screenshot({ path: path.join(OUT, 'member-e2e.png'), fullPage: true })
    assert.deepEqual(pageErrors, [], 'no script errors in the page')
  } catch (e) {
    await page.screenshot({ path: path.join(OUT, 'member-e2e-failure.png'), fullPage: true }).catch(() => {})
    throw e
  } finally {
    await page.close()
  }
})
