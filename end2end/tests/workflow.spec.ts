import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';
import { answerRequired, contactForEarlyHelp, referenceOf, startCall } from './workflow-helpers';
import { WCAG } from './public-helpers';

// Several calls per test, each answering a script in the debug WASM build (about a quarter of a
// second per answer there): more than the default minute.
test.describe.configure({ timeout: 180_000 });

// The front door's workflow in the browser (issue 5): calls from the first question to the
// decision that ends CASS's part at every level, anonymous calls with and without details,
// worklists with claims, and what happens when two people decide at once.

/** Chooses a decision on the step form and fills what it needs. */
async function decide(page: Page, choice: string, fields: { level?: string; reason?: string; departure?: boolean } = {}) {
  const step = page.getByTestId('workflow-step');
  await expect(step).toBeVisible();
  await step.getByLabel(choice, { exact: true }).check();
  if (choice === 'Decide the threshold level') await answerRequired(page);
  if (fields.level) await step.locator(`#level-${fields.level}`).check();
  if (fields.reason) await step.locator('#reason').fill(fields.reason);
  const departure = page.getByLabel('Why are you departing from the suggested level?');
  if ((await departure.count()) > 0) await departure.fill('What the caller described goes beyond the indicators');
  await page.getByTestId('decide').click();
  // Wait for the answer (recorded, or the reasons it was not) before anyone else acts.
  await expect(page.locator('[data-testid="decision-recorded"], [data-testid="call-notice"], .govuk-error-summary').first()).toBeVisible();
}

async function openContact(page: Page, reference: string) {
  await page.goto('/staff/worklists');
  await hydrated(page);
  await page.getByRole('link', { name: reference }).first().click();
  await expect(page.getByTestId('record-heading')).toHaveText(reference);
  await hydrated(page);
}


test('a call at Significant Harm: RAO, transfer, Social Worker, grouping, TM, CP worklist', async ({ browser }) => {
  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  const id = await startCall(rao, 'Professional');
  await expect(rao.getByTestId('call-timer')).toHaveText(/\d+:\d\d/);
  await rao.getByLabel('Caller\'s name').fill('Sergeant Example');
  await rao.getByLabel('Organisation (professionals)').fill('Example Police');
  await rao.getByLabel('Summary (one line)').fill('Child at risk after a domestic incident');
  await rao.getByLabel('What the caller is telling you').fill('Officers attended overnight; the child was hurt and frightened.');
  await expect(rao.getByTestId('call-saved')).toHaveText('Saved to the contact.');
  // An RAO cannot decide Significant Harm on the phone: the shared rules say so before sending.
  await rao.getByTestId('workflow-step').getByLabel('Decide the threshold level', { exact: true }).check();
  await rao.locator('#level-significant_harm').check();
  await expect(rao.getByTestId('step-preview')).toContainText('transfer the call');
  await decide(rao, 'Transfer to a CASS Social Worker');
  await expect(rao.getByTestId('call-notice')).toContainText('CASS Social Worker');
  await expect(rao.getByTestId('call-ended')).toBeVisible();

  const sw = await (await browser.newContext()).newPage();
  await signInAndWait(sw, 'sw');
  await sw.goto(`/staff/calls/${id}`);
  await hydrated(sw);
  await expect(sw.getByLabel('What the caller is telling you')).toHaveValue(/Officers attended/);
  await decide(sw, 'Decide the threshold level', { level: 'significant_harm', reason: 'Injury and fear of returning home' });
  await expect(sw.getByTestId('call-notice')).toContainText('RAO ADMIN box');
  await sw.goto(`/staff/contacts/${id}`);
  await hydrated(sw);
  const reference = await referenceOf(sw);

  await rao.goto(`/staff/contacts/${id}`);
  await hydrated(rao);
  await decide(rao, 'Siblings grouped and contact complete: back to the Social Worker', { reason: 'Relationships updated; no siblings found' });
  await expect(rao.getByTestId('decision-recorded')).toContainText('CASS Social Worker');

  await sw.reload();
  await hydrated(sw);
  await decide(sw, 'Give your recommendation to the Team Manager', { level: 'significant_harm', reason: 'A strategy discussion is needed today' });
  await expect(sw.getByTestId('decision-recorded')).toContainText('CASS TM/SP');

  const tm = await (await browser.newContext()).newPage();
  await signInAndWait(tm, 'tm');
  await openContact(tm, reference);
  await decide(tm, 'Agree', { reason: 'Agreed: strategy discussion in MASH' });
  await expect(tm.getByTestId('decision-recorded')).toContainText('CP worklist');
  await expect(tm.getByTestId('work-items').locator('tr[data-stage="strategy_discussion"]')).toHaveAttribute('data-status', 'open');
  await expect(tm.getByTestId('decision-log')).toContainText('Agreed');
});

test('a call at Complex and Significant ends with the TM sending it to ASTI', async ({ browser }) => {
  const sw = await (await browser.newContext()).newPage();
  await signInAndWait(sw, 'sw');
  const id = await startCall(sw, 'Parent or carer');
  await sw.getByLabel('Summary (one line)').fill('Mother worried about her partner\'s drinking');
  await decide(sw, 'Decide the threshold level', { level: 'complex_and_significant', reason: 'Parental alcohol misuse affecting care' });
  await expect(sw.getByTestId('call-notice')).toContainText('RAO ADMIN box');
  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  await rao.goto(`/staff/contacts/${id}`);
  await hydrated(rao);
  const reference = await referenceOf(rao);
  await decide(rao, 'Siblings grouped and contact complete: back to the Social Worker', { reason: 'Grouped with the household' });
  await expect(rao.getByTestId('decision-recorded')).toContainText('CASS Social Worker');
  await sw.goto(`/staff/contacts/${id}`);
  await hydrated(sw);
  await decide(sw, 'Give your recommendation to the Team Manager', { level: 'complex_and_significant', reason: 'A Family Assessment is needed' });
  const tm = await (await browser.newContext()).newPage();
  await signInAndWait(tm, 'tm');
  await openContact(tm, reference);
  await decide(tm, 'Agree', { reason: 'Agreed: Family Assessment' });
  await expect(tm.getByTestId('decision-recorded')).toContainText('ASTI');
});

test('calls at Additional Needs, Universal Plus and Universal end where seed 000 says', async ({ page, browser }) => {
  await signInAndWait(page, 'rao');
  // Additional Needs with consent: the Early Help Manager's worklist, who allocates.
  const an = await startCall(page, 'Professional');
  await page.getByLabel('Summary (one line)').fill('School asks for family support');
  await page.getByTestId('workflow-step').getByLabel('Decide the threshold level', { exact: true }).check();
  // Issue 3: the call screen runs the script, the guidance and the routing in the browser; the
  // only requests while answering are the draft and the call's details being kept.
  const apiCalls: string[] = [];
  const watch = (r: import('@playwright/test').Request) => {
    if (r.url().includes('/api/') && !/\/api\/(drafts|calls)\//.test(r.url())) apiCalls.push(r.url());
  };
  page.on('request', watch);
  await answerRequired(page);
  await expect(page.getByTestId('suggested-level')).not.toBeEmpty();
  await page.getByLabel('The parent has given the appropriate consent').check();
  await page.locator('#level-additional_needs').check();
  await page.locator('#reason').fill('Attendance and home routines; mum agrees to help');
  await expect(page.getByTestId('step-preview')).toContainText('Early Help Manager');
  page.off('request', watch);
  expect(apiCalls, 'guidance and routing on the call screen need no server').toEqual([]);
  const departure = page.getByLabel('Why are you departing from the suggested level?');
  if ((await departure.count()) > 0) await departure.fill('Known to school; needs are coordinated early help');
  await page.getByTestId('decide').click();
  await expect(page.getByTestId('call-notice')).toContainText('Early Help Manager');

  const ehm = await (await browser.newContext()).newPage();
  await signInAndWait(ehm, 'ehm');
  await ehm.goto(`/staff/contacts/${an}`);
  await hydrated(ehm);
  await ehm.getByTestId('workflow-step').getByLabel('Allocate to an area Family Support Team or Think Family', { exact: true }).check();
  await ehm.getByLabel('An area Family Support Team', { exact: true }).check();
  await ehm.locator('#reason').fill('Family Support can start next week');
  await ehm.getByTestId('decide').click();
  await expect(ehm.getByTestId('decision-recorded')).toContainText('Area Family Support');

  // Universal Plus from a caller with no ongoing relationship: an Early Help RAO rings the parent.
  const up = await startCall(page, 'Member of the public');
  await page.getByLabel('Summary (one line)').fill('Neighbour worried the family is struggling');
  await decide(page, 'Decide the threshold level', { level: 'universal_plus', reason: 'Some extra help from a service that knows them' });
  await expect(page.getByTestId('call-notice')).toContainText('Early Help RAO');
  const ehrao = await (await browser.newContext()).newPage();
  await signInAndWait(ehrao, 'ehrao');
  await ehrao.goto(`/staff/contacts/${up}`);
  await hydrated(ehrao);
  await ehrao.getByTestId('workflow-step').getByLabel('Record a call to the parent', { exact: true }).check();
  await ehrao.getByLabel('When was the call?').fill('2026-03-02T10:00');
  await ehrao.getByLabel('The parent consented').check();
  await ehrao.getByLabel('A: support through an Early Help Assessment').check();
  await expect(ehrao.getByTestId('step-preview')).toContainText('The contact closes');
  await ehrao.getByTestId('decide').click();
  await expect(ehrao.getByTestId('decision-recorded')).toContainText('Consent gained');

  // Universal: advice, and the outcomes letter.
  await startCall(page, 'Parent or carer');
  await page.getByLabel('Summary (one line)').fill('Asking about parenting courses');
  await decide(page, 'Decide the threshold level', { level: 'universal', reason: 'Signposted to the parenting course' });
  await expect(page.getByTestId('call-notice')).toContainText('Advice given and signposted');
  await expect(page.getByTestId('call-notice')).toContainText('Outcomes letter');
});

test('an anonymous call without identifying details goes to the Team Leader, not a Social Worker', async ({ browser }) => {
  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  const id = await startCall(rao, 'Anonymous caller');
  await rao.getByLabel('Summary (one line)').fill('Caller heard shouting; would not say where');
  await rao.getByTestId('workflow-step').getByLabel('Decide the threshold level', { exact: true }).check();
  await rao.locator('#level-universal_plus').check();
  await expect(rao.getByTestId('step-preview')).toContainText('transferred to a CASS Social Worker straight away');
  await decide(rao, 'No details identify the child or family: discuss with the Team Leader', { reason: 'No address, no names; caller rang off' });
  await expect(rao.getByTestId('call-notice')).toContainText('CASS Team Leader');
  const tl = await (await browser.newContext()).newPage();
  await signInAndWait(tl, 'tl');
  await tl.goto(`/staff/contacts/${id}`);
  await hydrated(tl);
  await decide(tl, 'Advice given: close', { reason: 'Nothing more can be done without details' });
  await expect(tl.getByTestId('decision-recorded')).toContainText('no identifying details');
});

test('an anonymous call with details: Social Worker, grouping, parent not reached, three calls, letter', async ({ browser }) => {
  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  const id = await startCall(rao, 'Anonymous caller');
  await rao.getByLabel('Summary (one line)').fill('Children left alone at 4 Example Road');
  await decide(rao, 'Transfer to a CASS Social Worker');
  const sw = await (await browser.newContext()).newPage();
  await signInAndWait(sw, 'sw');
  await sw.goto(`/staff/calls/${id}`);
  await hydrated(sw);
  await decide(sw, 'Decide the threshold level', { level: 'additional_needs', reason: 'Children identifiable; support needed' });
  await expect(sw.getByTestId('call-notice')).toContainText('RAO ADMIN box');
  await rao.goto(`/staff/contacts/${id}`);
  await hydrated(rao);
  await decide(rao, 'Siblings grouped and contact complete: back to the Social Worker', { reason: 'Two siblings grouped' });
  await expect(rao.getByTestId('decision-recorded')).toContainText('CASS Social Worker');
  await sw.goto(`/staff/contacts/${id}`);
  await hydrated(sw);
  await decide(sw, 'Give your recommendation to the Team Manager', { level: 'additional_needs', reason: 'Family support would help' });
  await expect(sw.getByTestId('decision-recorded')).toContainText('CASS Social Worker: Contact the parent');
  await sw.reload();
  await hydrated(sw);
  await decide(sw, 'The parent cannot be reached: to the EHFS Team Desktop', { reason: 'Two calls, no answer, no voicemail' });
  await expect(sw.getByTestId('decision-recorded')).toContainText('EHFS Team Desktop');
  const ehm = await (await browser.newContext()).newPage();
  await signInAndWait(ehm, 'ehm');
  await ehm.goto(`/staff/contacts/${id}`);
  await hydrated(ehm);
  await decide(ehm, 'Ask an Early Help RAO to ring the parent for consent', { reason: 'Three calls at different times, then the letter' });
  await expect(ehm.getByTestId('decision-recorded')).toContainText('Early Help RAO');
  const ehrao = await (await browser.newContext()).newPage();
  await signInAndWait(ehrao, 'ehrao');
  for (const at of ['2026-03-02T09:00', '2026-03-02T13:00', '2026-03-03T17:30']) {
    await ehrao.goto(`/staff/contacts/${id}`);
    await hydrated(ehrao);
    await ehrao.getByTestId('workflow-step').getByLabel('Record a call to the parent', { exact: true }).check();
    await ehrao.getByLabel('When was the call?').fill(at);
    await ehrao.getByLabel('No answer, or not the parent').check();
    await ehrao.getByTestId('decide').click();
    await expect(ehrao.getByTestId('decision-recorded')).toBeVisible();
  }
  await expect(ehrao.getByTestId('decision-recorded')).toContainText('letter sent');
  await expect(ehrao.getByTestId('decision-recorded')).toContainText('anonymous referral');
});

/** A new contact on the Early Help Manager's worklist: a professional's call at Additional Needs with consent. */

test('worklists: take work, see deadlines, and a manager reassigns with a reason', async ({ browser }) => {
  const first = await contactForEarlyHelp(browser, 'School: attendance and home routines');
  const second = await contactForEarlyHelp(browser, 'Health visitor: new baby, family struggling');
  const ehm = await (await browser.newContext()).newPage();
  await signInAndWait(ehm, 'ehm');
  await ehm.goto('/staff/worklists');
  await hydrated(ehm);
  const row = ehm.getByTestId('pool').locator(`tr[data-reference="${first.reference}"]`);
  await expect(row).toContainText('Early Help Manager review');
  await expect(row).toContainText('School: attendance');
  await expect(row.locator('[data-rag]')).toHaveCount(1);
  await row.getByTestId('take').click();
  await expect(ehm.getByTestId('worklist-notice')).toContainText('The work is yours');
  await expect(ehm.getByTestId('my-work').locator(`tr[data-reference="${first.reference}"]`)).toBeVisible();
  await expect(ehm.getByTestId('counts')).toContainText('Fatima Rahman');

  // Reassigning needs a reason; then the work is the chosen person's.
  const other = ehm.getByTestId('team-work').locator(`tr[data-reference="${second.reference}"]`);
  await other.getByRole('button', { name: /Reassign/ }).first().click();
  await other.locator('form').getByRole('button', { name: 'Reassign' }).click();
  await expect(other.locator('.govuk-error-summary')).toContainText('Write why you are reassigning');
  await other.getByLabel('Give to').selectOption({ label: 'Fatima Rahman' });
  await other.getByLabel('Why?').fill('I know this family from the last episode');
  await other.locator('form').getByRole('button', { name: 'Reassign' }).click();
  await expect(ehm.getByTestId('worklist-notice')).toContainText('reassigned');
  await expect(ehm.getByTestId('my-work').locator(`tr[data-reference="${second.reference}"]`)).toBeVisible();
});

test('two people deciding at once: the second is told, and keeps what they typed', async ({ browser }) => {
  const { id } = await contactForEarlyHelp(browser, 'Two managers look at once');
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signInAndWait(a, 'ehm');
  await signInAndWait(b, 'ehm');
  for (const p of [a, b]) {
    await p.goto(`/staff/contacts/${id}`);
    await hydrated(p);
  }
  await decide(a, 'Universal Plus: set actions for an RAO', { reason: 'First decision: ring the school' });
  await expect(a.getByTestId('decision-recorded')).toBeVisible();
  await decide(b, 'Complex and Significant: ask a TM/SP to agree', { reason: 'Second decision, on an old page' });
  await expect(b.locator('.govuk-error-summary')).toContainText('Someone else changed this contact');
  await expect(b.locator('#reason')).toHaveValue('Second decision, on an old page');
});

test('a dropped network and a reload lose nothing typed on a decision', async ({ browser }) => {
  const { id } = await contactForEarlyHelp(browser, 'Drafts survive');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndWait(page, 'ehm');
  await page.goto(`/staff/contacts/${id}`);
  await hydrated(page);
  await page.getByTestId('workflow-step').getByLabel('Universal Plus: set actions for an RAO', { exact: true }).check();
  await context.setOffline(true);
  await page.locator('#reason').fill('Ring the school, then the health visitor, then write to mum');
  await expect(page.getByTestId('workflow-step').getByTestId('draft-status')).toContainText('No connection');
  await context.setOffline(false);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#reason')).toHaveValue('Ring the school, then the health visitor, then write to mum');
  await expect(page.getByTestId('workflow-step').getByTestId('draft-status')).toContainText('put back');
  await page.locator('#reason').fill('Ring the school, then the health visitor, then write to mum today');
  await expect(page.getByTestId('workflow-step').getByTestId('draft-status')).toContainText('Draft saved');
  await page.goto('/staff');
  await expect(page.getByTestId('drafts')).toContainText('Early Help Manager review');
});

test('partner checks wait for consent until the Duty Manager overrides it with a reason (seed 004)', async ({ browser }) => {
  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  await openContact(rao, 'C-100004');
  const id = rao.url().split('/').pop()!;
  await expect(rao.getByTestId('consent')).toContainText('Information gathering waits for consent');
  await expect(rao.getByTestId('consent-override-form')).toHaveCount(0);
  await decide(rao, 'Partner checks done and relationships updated', { reason: 'Checked with police and health' });
  await expect(rao.locator('.govuk-error-summary')).toContainText('waits for consent');
  await expect(rao.locator('#reason')).toHaveValue('Checked with police and health');

  const duty = await (await browser.newContext()).newPage();
  await signInAndWait(duty, 'duty');
  await duty.goto(`/staff/contacts/${id}`);
  await hydrated(duty);
  const form = duty.getByTestId('consent-override-form');
  await expect(form).toBeVisible();
  // The shared rule answers in the browser: a reason is always recorded.
  await duty.locator('#override_reason').fill('risk');
  await duty.getByTestId('override-consent').click();
  await expect(duty.locator('.govuk-error-summary')).toContainText('reason');
  await expect(duty.locator('#override_reason')).toHaveValue('risk');
  const axe = await new AxeBuilder({ page: duty }).withTags(WCAG).include('[data-testid="consent"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), 'axe on the override form with an error').toEqual([]);
  const why = 'Mia is caring for a mother who drinks and is missing school; waiting for consent leaves her unsafe';
  await duty.locator('#override_reason').fill(why);
  await duty.getByTestId('override-consent').click();
  await expect(duty.getByTestId('decision-recorded')).toContainText('partner checks can go ahead');
  await expect(duty.getByTestId('consent-override-reason')).toHaveText(why);
  await expect(duty.getByTestId('consent-override')).toContainText('Owen Price (Duty Manager)');
  await expect(duty.getByTestId('consent-override-form')).toHaveCount(0);

  await rao.reload();
  await hydrated(rao);
  await expect(rao.getByTestId('consent-override-reason')).toHaveText(why);
  await decide(rao, 'Partner checks done and relationships updated', { reason: 'Checked with police and health' });
  await expect(rao.getByTestId('decision-recorded')).toBeVisible();
});
