import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// MASH notifications at the Early Help desk (seed 003 §8): the MASH team records a Red request
// for information; the TYS representative writes their synopsis (and cannot return the record
// without the Early Help parts); the Early Help representative writes their synopsis and the
// chronology (kept as a draft through a reload) and returns the record; the MASH team records the
// discussion as Green after MASH; the TYS representative logs it on the Early Help MASH database.
// Axe checks each page against WCAG 2.2 AA.

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a Red MASH notification is answered by both representatives, returned, discussed and logged', async ({ browser }) => {
  test.setTimeout(180_000);
  const child = `Robin Testcase ${Date.now()}`;

  // The MASH team records it from the MASH Log.
  const mash = await (await browser.newContext()).newPage();
  await signInAndWait(mash, 'mash');
  await mash.getByTestId('nav-mash').click();
  await expect(mash.getByTestId('mash-heading')).toBeVisible();
  await hydrated(mash);
  await accessible(mash);
  await mash.getByTestId('mash-new-link').click();
  await expect(mash.getByTestId('mash-record-form')).toBeVisible();
  await hydrated(mash);
  await mash.getByTestId('mash-record-submit').click();
  await expect(mash.locator('.govuk-error-summary')).toContainText('Select which list on the MASH Log');
  await accessible(mash);
  await mash.getByLabel('MASH request for information').check();
  await mash.getByLabel('Red', { exact: true }).check();
  await mash.getByLabel("Child's full name").fill(child);
  await mash.getByLabel('What the notification is about').fill('Police notification: a disturbance at the family home');
  await mash.getByTestId('mash-record-submit').click();
  await expect(mash).toHaveURL(/\/staff\/mash-log\/[0-9a-f-]+$/);
  const path = new URL(mash.url()).pathname;
  await expect(mash.getByTestId('mash-status')).toHaveText("Waiting for the desk's responses");
  // Red: 4 hours from now, shown in words as well as colour.
  await expect(mash.getByTestId('mash-due-state')).toHaveText('Due soon');
  await expect(mash.getByTestId('mash-due-text')).toHaveText(/due in (3|4) hours/);

  // The TYS representative finds it on the log, Red first, and writes their synopsis.
  const tys = await (await browser.newContext()).newPage();
  await signInAndWait(tys, 'tys');
  await tys.getByTestId('nav-mash').click();
  await expect(tys.getByTestId('mash-heading')).toBeVisible();
  const row = tys.getByTestId('mash-open').getByTestId('mash-row').filter({ hasText: child });
  await expect(row.getByTestId('mash-priority')).toHaveText('Red');
  await expect(tys.getByTestId('mash-open').getByTestId('mash-row').first().getByTestId('mash-priority')).toHaveText('Red');
  await row.getByRole('link').click();
  await expect(tys.getByTestId('mash-title')).toBeVisible();
  await hydrated(tys);
  await tys.getByLabel('Your TYS synopsis').fill('Not known to TYS. YOIS and UMIS checked: no orders.');
  await tys.getByTestId('mash-tys_synopsis-save').click();
  await expect(tys.getByTestId('mash-notice')).toContainText('The TYS synopsis is saved');
  // Not yet: the Early Help synopsis and the chronology are missing.
  await tys.getByTestId('mash-return-submit').click();
  await expect(tys.locator('.govuk-error-summary')).toContainText('Write the Early Help synopsis');
  await expect(tys.locator('.govuk-error-summary')).toContainText('Write the chronology');
  await accessible(tys);

  // The Early Help representative writes their synopsis and the chronology, and returns it.
  const eh = await (await browser.newContext()).newPage();
  await signInAndWait(eh, 'ehrep');
  await eh.goto(path);
  await expect(eh.getByTestId('mash-title')).toBeVisible();
  await hydrated(eh);
  await expect(eh.getByTestId('mash-tys_synopsis')).toContainText('Not known to TYS');
  await eh.getByLabel('Your Early Help synopsis').fill('An Early Help episode closed in 2024.');
  await eh.getByTestId('mash-eh_synopsis-save').click();
  await expect(eh.getByTestId('mash-notice')).toContainText('The Early Help synopsis is saved');
  const chronology = '1 May 2024: EHA started\n1 October 2024: episode closed';
  await eh.getByLabel('Your chronology').fill(chronology);
  // What is typed is kept: after a reload with only the server's copy, it is back.
  await expect(eh.getByTestId('mash-chronology-form').getByTestId('draft-status')).toContainText('Draft saved');
  await eh.evaluate(() => localStorage.clear());
  await eh.reload();
  await hydrated(eh);
  await expect(eh.getByLabel('Your chronology')).toHaveValue(chronology);
  await eh.getByTestId('mash-chronology-save').click();
  await expect(eh.getByTestId('mash-notice')).toContainText('The chronology is saved');
  await eh.getByTestId('mash-return-submit').click();
  await expect(eh.getByTestId('mash-status')).toHaveText('Returned to the MASH team');
  await expect(eh.getByTestId('mash-due')).toContainText('Returned within the timescale');
  await accessible(eh);

  // The MASH team records the MASH discussion: Green after MASH.
  await mash.reload();
  await hydrated(mash);
  await mash.getByLabel('Green', { exact: true }).check();
  await mash.getByLabel('Outcome of the MASH discussion').fill('Early Help support agreed with the family');
  await accessible(mash);
  await mash.getByTestId('mash-discussion-submit').click();
  await expect(mash.getByTestId('mash-status')).toHaveText('Green after MASH: to be logged on the Early Help MASH database');

  // The TYS representative logs it on the Early Help MASH database with its outcome and date.
  await tys.reload();
  await hydrated(tys);
  await tys.getByLabel('Sent to the Early Help desk for processing in the usual way').check();
  await tys.getByTestId('mash-log-submit').click();
  await expect(tys.getByTestId('mash-status')).toHaveText('Outcome logged on the Early Help MASH database');
  await expect(tys.locator('.govuk-summary-list')).toContainText('Sent to the Early Help desk for processing in the usual way on');
  await accessible(tys);
});

test('a Green MASH notification goes on to the Early Help desk as an EHA from MASH', async ({ browser }) => {
  test.setTimeout(120_000);
  const child = `Rowan Greenfield${Date.now() % 100000}`;
  const mash = await (await browser.newContext()).newPage();
  await signInAndWait(mash, 'mash');
  await mash.goto('/staff/mash-log/new');
  await expect(mash.getByTestId('mash-record-form')).toBeVisible();
  await hydrated(mash);
  await mash.getByLabel('MASH request for information').check();
  await mash.getByLabel('Green', { exact: true }).check();
  // Sent on to the desk: its consent gate needs the answer, asked only now.
  await expect(mash.getByText("Does the notification record the family's consent to Early Help?")).toBeVisible();
  await mash.getByLabel("Child's full name").fill(child);
  await mash.getByLabel('What the notification is about').fill('Police notification: the family asked for help with routines');
  await mash.getByTestId('mash-record-submit').click();
  await expect(mash.locator('.govuk-error-summary')).toContainText("Say whether the notification records the family's consent to Early Help");
  await accessible(mash);
  await mash.getByLabel('Yes', { exact: true }).check();
  await mash.getByTestId('mash-record-submit').click();
  await expect(mash).toHaveURL(/\/staff\/mash-log\/[0-9a-f-]+$/);
  await expect(mash.getByTestId('mash-status')).toHaveText('Sent on to the Early Help desk');
  const link = mash.getByTestId('mash-eha').getByRole('link');
  await expect(link).toContainText(/^EHA EH-/);
  const ehaPath = await link.getAttribute('href');

  // The Senior Early Help Coordinator finds it on Triage, from MASH, waiting for the consent check.
  const ehm = await (await browser.newContext()).newPage();
  await signInAndWait(ehm, 'ehm');
  await ehm.goto('/staff/early-help');
  await expect(ehm.getByTestId('eha-triage')).toContainText(child);
  await ehm.goto(ehaPath ?? '/');
  await expect(ehm.locator('main')).toContainText('From MASH');
  await expect(ehm.locator('main')).toContainText(child);
});
