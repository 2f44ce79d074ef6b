import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, Browser, expect, Page, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// The Early Help MASH desk (seed 003, issue 7). Business Support logs an EHA on the form; the
// Senior Early Help Coordinator checks consent; Business Support validates it with the Triage
// Support Involvement Checklist; the coordinator sets the CIN code and progresses it to the COG
// team the child's postcode finds. Then every other triage outcome, each decided on the page;
// no consent with the error summary keeping what was typed; a direct phone call and a report.

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test.describe.configure({ timeout: 240_000 });

async function as(browser: Browser, user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAndWait(page, user);
  return page;
}

async function open(page: Page, id: string) {
  await page.goto(`/staff/early-help/${id}`);
  await expect(page.getByTestId('eha-heading')).toBeVisible();
  await hydrated(page);
}

async function decideOnPage(page: Page, decision: string, fill: (p: Page) => Promise<void> = async () => {}) {
  await page.getByTestId(`decision-${decision}`).check();
  await fill(page);
  await page.getByTestId('eha-step-submit').click();
  await expect(page.getByTestId('eha-done')).toBeVisible({ timeout: 30_000 });
}

const CHECKLIST: Record<string, string> = {
  previous_csc_contacts: 'None found',
  csc_involvement: 'None found',
  yos: 'None found',
  tys: 'None found',
  schools: 'Example Primary since 09/2021',
  education_services: 'None found',
  attendance_and_exclusions: '90% attendance, no exclusions',
  key_agencies: 'School nurse',
};

function intake(family: string, consent = 'yes') {
  return {
    source: 'ecaf', referrer_name: 'Pat Referrer', referrer_organisation: 'Example Primary School', referrer_email: 'pat@school.example',
    consent, child_given_name: 'Robin', child_family_name: family, child_date_of_birth: '01/02/2016', child_address: '1 Example Road',
    child_postcode: 'AB1 5XY', parents_or_carers: `Parent ${family}`, no_siblings: true, no_household_members: true,
    ethnicity: 'White British', special_needs: 'None', needs: 'Attendance has fallen',
  };
}

/** Through the server functions: logged, accepted, validated, CIN code set: waiting on Triage. */
async function atTriage(bso: APIRequestContext, ehm: APIRequestContext, family: string): Promise<string> {
  const made = await (await bso.post('/api/eha/new', { data: { form: intake(family) } })).json();
  const id: string = made.Done.id;
  for (const [who, form] of [[ehm, { decision: 'accept' }], [bso, { decision: 'validated', checklist: CHECKLIST }]] as const) {
    const v = await (await who.post('/api/eha/get', { form: { id } })).json();
    const r = await (await who.post('/api/eha/decide', { data: { id, item_id: v.steps[0].item_id, version: v.version, form } })).json();
    expect(r.Done, JSON.stringify(r)).toBeTruthy();
  }
  const r = await (await ehm.post('/api/eha/cin_codes', { form: { id, primary: 'N4', secondary: '' } })).json();
  expect(r.Done, JSON.stringify(r)).toBeTruthy();
  return id;
}

test('an EHA goes from receipt through consent and validation to the COG team', async ({ browser }) => {
  const family = `Hart${Date.now()}`;
  const bso = await as(browser, 'ehbso');
  await bso.getByTestId('nav-eha').click();
  await expect(bso.getByTestId('eha-desk-heading')).toBeVisible();
  await hydrated(bso);
  await bso.getByTestId('eha-log-link').click();
  await hydrated(bso);
  await bso.getByTestId('source-mash').check();
  await bso.getByLabel("Referrer's name").fill('Pat Referrer');
  await bso.getByLabel('Referring agency').fill('Example Primary School');
  await bso.getByLabel("Referrer's e-mail address").fill('pat@school.example');
  await bso.getByTestId('consent-yes').check();
  await bso.getByLabel('First name').fill('Robin');
  await bso.getByLabel('Last name').fill(family);
  await bso.getByLabel('Date of birth').fill('01/02/2016');
  await bso.getByLabel('Address', { exact: true }).fill('1 Example Road, Exampletown');
  await bso.getByLabel('Postcode').fill('AB1 5XY');
  await bso.getByLabel('Ethnicity').fill('White British');
  await bso.getByLabel('Special needs').fill('None');
  await bso.getByLabel('Parents or carers').fill(`Sam ${family}`);
  await bso.getByLabel('There are no siblings').check();
  await bso.getByLabel('There are no other household members').check();
  await bso.getByLabel('What has led to this child or young person being assessed?').fill('Attendance has fallen and the family asked for help');
  await bso.getByTestId('eha-log-submit').click();
  await expect(bso.getByTestId('eha-heading')).toHaveText(`Robin ${family}`);
  const id = new URL(bso.url()).pathname.split('/').pop() ?? '';
  await expect(bso.getByTestId('eha-steps')).toContainText('Check consent and mandatory fields');

  // The coordinator checks consent: accepted, priority 1 (from MASH), the receipt letter queued.
  const ehm = await as(browser, 'ehm');
  await open(ehm, id);
  const axe = await new AxeBuilder({ page: ehm }).withTags(WCAG).include('main').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), 'axe on an EHA').toEqual([]);
  await decideOnPage(ehm, 'accept');
  await expect(ehm.getByTestId('eha-done')).toContainText('Validate');
  await expect(ehm.getByTestId('eha-summary')).toContainText('Priority 1');
  await expect(ehm.getByTestId('eha-letters')).toContainText('Robin');

  // Business Support validates: every checklist answer is needed.
  await open(bso, id);
  await bso.getByTestId('decision-validated').check();
  await bso.locator('#schools').fill(CHECKLIST.schools);
  await bso.getByTestId('eha-step-submit').click();
  await expect(bso.locator('.govuk-error-summary')).toContainText('Previous contacts');
  await expect(bso.locator('#schools')).toHaveValue(CHECKLIST.schools);
  for (const [field, value] of Object.entries(CHECKLIST)) {
    await bso.locator(`#${field}`).fill(value);
  }
  await bso.getByTestId('eha-step-submit').click();
  await expect(bso.getByTestId('eha-done')).toContainText('Triage decision');
  await expect(bso.getByTestId('eha-checklist')).toContainText('90% attendance');

  // The coordinator sets the CIN code and progresses to the COG team for the postcode.
  await open(ehm, id);
  await ehm.locator('#cin_primary').selectOption('N4');
  await ehm.getByTestId('eha-cin-submit').click();
  await expect(ehm.getByTestId('eha-done')).toContainText('CIN codes saved');
  await expect(ehm.getByTestId('eha-summary')).toContainText('N4: Family in acute stress');
  await ehm.getByTestId('decision-progress_to_cog').check();
  await expect(ehm.getByRole('textbox', { name: 'COG team' })).toHaveValue('COG North');
  await ehm.getByLabel('Your recommendation').fill('Family support worker through the COG meeting');
  await ehm.getByTestId('eha-step-submit').click();
  await expect(ehm.getByTestId('eha-done')).toContainText('Progress to meeting: COG North');
  await expect(ehm.getByTestId('eha-summary')).toContainText('Closed');
  await expect(ehm.getByTestId('eha-log')).toContainText('COG North');
  await ehm.goto('/staff/early-help');
  await expect(ehm.getByTestId('eha-closed')).toContainText(`Robin ${family}`);
});

test('each other triage outcome, decided on the EHA page', async ({ browser }) => {
  const bso = await as(browser, 'ehbso');
  const ehm = await as(browser, 'ehm');
  const outcomes: [string, (p: Page) => Promise<void>, RegExp][] = [
    ['insufficient_information', async (p) => p.getByLabel('Advice given by phone').fill('Send the attendance report'), /insufficient information/],
    ['below_early_help', async (p) => {
      await p.getByLabel('Single-agency service').fill('School nursing');
      await p.getByLabel("The service's contact number").fill('0100 000 0000');
      await p.getByLabel('Advice given').fill('Single agency support');
    }, /below Early Help level/],
    ['eha_required', async (p) => p.getByLabel('Agency that will complete the EHA within 7 days').fill('Example Primary School'), /Waiting for the agency's Early Help Assessment/],
    ['meets_fst', async (p) => {
      await p.getByLabel('FST Crisis Response').check();
      await p.getByLabel('Your recommendation').fill('Crisis at home');
    }, /FST Group/],
    ['meets_level4', async (p) => {
      await p.getByTestId('mash_team_manager_agrees-yes').check();
      await p.getByLabel("I have told the referrer a referral to Children's Social Care is needed").check();
      await p.getByLabel('Reasons for the step up').fill('An injury seen at school');
    }, /Waiting for Children's Social Care's decision/],
  ];
  for (const [decision, fill, expected] of outcomes) {
    const id = await atTriage(bso.request, ehm.request, `${decision}${Date.now()}`);
    await open(ehm, id);
    await decideOnPage(ehm, decision, fill);
    await expect(ehm.getByTestId('eha-done')).toContainText(expected);
  }

  // A dispute: the MASH Team Manager does not agree; escalated once, then resolved to Early Help.
  const id = await atTriage(bso.request, ehm.request, `dispute${Date.now()}`);
  await open(ehm, id);
  await decideOnPage(ehm, 'meets_level4', async (p) => {
    await p.getByTestId('mash_team_manager_agrees-no').check();
    await p.getByLabel('Reasons for the step up').fill('The coordinator sees level 4 risk');
  });
  await expect(ehm.getByTestId('eha-done')).toContainText('Threshold dispute');
  await decideOnPage(ehm, 'escalate', async (p) => p.getByLabel('What was raised, and why').fill('No agreement within the day'));
  await expect(ehm.getByTestId('eha-summary')).toContainText('Group Head');
  await decideOnPage(ehm, 'resolve', async (p) => {
    await p.getByLabel(/Early Help Action Required/).check();
    await p.getByLabel('Who decided (name and role)').fill('Group Head, Early Help');
    await p.getByLabel('The decision and its reasons').fill('Needs can be met at Early Help');
  });
  await expect(ehm.getByTestId('eha-done')).toContainText('Triage decision');
});

test('no consent: the error summary keeps what was typed, then the episode closes for 30 days', async ({ browser }) => {
  const bso = await as(browser, 'ehbso');
  const ehm = await as(browser, 'ehm');
  const made = await (await bso.request.post('/api/eha/new', { data: { form: intake(`Noconsent${Date.now()}`, 'no') } })).json();
  const id: string = made.Done.id;
  await open(ehm, id);
  await ehm.getByTestId('decision-no_consent').check();
  await ehm.getByLabel('Advice given to the referrer on obtaining consent').fill('Ask the parent to sign the consent section');
  await ehm.getByTestId('eha-step-submit').click();
  await expect(ehm.locator('.govuk-error-summary')).toContainText('final vulnerability level');
  await expect(ehm.getByLabel('Advice given to the referrer on obtaining consent')).toHaveValue('Ask the parent to sign the consent section');
  const axe = await new AxeBuilder({ page: ehm }).withTags(WCAG).include('main').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), 'axe with the error summary').toEqual([]);
  await ehm.getByLabel('Universal Plus').check();
  await ehm.getByTestId('eha-step-submit').click();
  await expect(ehm.getByTestId('eha-done')).toContainText('no consent');
  await expect(ehm.getByTestId('eha-summary')).toContainText('To be destroyed after');
  await expect(ehm.getByTestId('eha-summary')).toContainText('Consent denied');
});

test('a direct phone call is logged and the desk log shows it, with a CSV', async ({ browser }) => {
  const bso = await as(browser, 'ehbso');
  await bso.goto('/staff/early-help/phone-call');
  await hydrated(bso);
  await bso.getByLabel('A professional').check();
  await bso.getByLabel('The concern').fill('A health visitor worried about a family');
  await bso.getByLabel('Advice and guidance given').fill('Complete an EHA with the family');
  await bso.getByTestId('eha-call-submit').click();
  await expect(bso.locator('.govuk-error-summary')).toContainText('outcome');
  await expect(bso.getByLabel('The concern')).toHaveValue('A health visitor worried about a family');
  await bso.getByLabel('Outcome of the call').fill('Advice given');
  await bso.getByTestId('eha-call-submit').click();
  await expect(bso.getByTestId('eha-call-done')).toBeVisible();
  await bso.goto('/staff/early-help/reports?report=log');
  await expect(bso.getByTestId('eha-report')).toContainText('A health visitor worried about a family');
  const csv = await bso.request.get((await bso.getByTestId('eha-report-csv').getAttribute('href')) ?? '');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('A health visitor worried about a family');
});

test('a step down from a CIN meeting becomes an open Early Help episode', async ({ browser }) => {
  const bso = await as(browser, 'ehbso');
  const ehm = await as(browser, 'ehm');
  const meeting = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const day = `${String(meeting.getDate()).padStart(2, '0')}/${String(meeting.getMonth() + 1).padStart(2, '0')}/${meeting.getFullYear()}`;
  const form = { ...intake(`Stepdown${Date.now()}`), source: 'step_down_cin', cin_meeting_date: day, referrer_email: 'sw@council.example' };
  const made = await (await bso.request.post('/api/eha/new', { data: { form } })).json();
  expect(made.Done, JSON.stringify(made)).toBeTruthy();
  const id: string = made.Done.id;
  await open(ehm, id);
  await expect(ehm.getByTestId('eha-steps')).toContainText('Awaiting Step Down Decision');
  await decideOnPage(ehm, 'meeting_accepted', async (p) => p.getByLabel('What the CIN meeting decided').fill('The meeting agreed the step down to Integrated Services'));
  await expect(ehm.getByTestId('eha-done')).toContainText('awaiting the handover');
  await decideOnPage(ehm, 'handover_received');
  await expect(ehm.getByTestId('eha-done')).toContainText('Check consent');
  await decideOnPage(ehm, 'accept');
  await expect(ehm.getByTestId('eha-done')).toContainText('Validate');
  await expect(ehm.getByTestId('eha-summary')).toContainText('Open');
  await expect(ehm.getByTestId('eha-log')).toContainText('Step Down Accepted');
});
