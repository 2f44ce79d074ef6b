import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// Information requests from professionals (seed 002, issue 6): an urgent request made on the
// public CASS Information Requests form with JavaScript off, checked by Business Support (a closed
// case with history: into the IRR folder), tagged by an RAO, who sends a need-to-know response
// through the consent gate (a section 47 enquiry: consent not needed) to the requester's own
// address. The request ends actioned, with the response listed as sent.

test('an urgent information request goes from the public form to a sent response', async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `pat.doe.${Date.now()}@police.example`;

  // The professional, with JavaScript off: a plain HTML form.
  const publicContext = await browser.newContext({ javaScriptEnabled: false });
  const form = await publicContext.newPage();
  await form.goto('/request-information');
  await form.getByLabel('Your full name').fill('Pat Doe');
  await form.getByLabel('Your organisation').fill('Exampleshire Police');
  await form.getByLabel('Your own work e-mail address').fill(email);
  await form.getByLabel("The child's full name").fill('Mia Kowalski');
  await form.getByLabel('What information do you need?').fill('Any history of involvement with the family');
  await form.getByLabel('Why do you need it?').fill('A strategy discussion about a visitor to the home');
  await form.getByLabel('Yes', { exact: true }).check();
  await form.getByLabel('Another local authority is waiting for this information to hold a section 47 strategy discussion').check();
  await form.getByLabel('If it is urgent, say why').fill('The strategy discussion is this afternoon');
  await form.getByLabel('Consent is not needed', { exact: true }).check();
  await form.getByLabel('A local authority is undertaking a section 47 enquiry').check();
  await form.getByRole('button', { name: 'Send request' }).click();
  await expect(form).toHaveURL(/\/request-information\/sent\?reference=IRR-/);
  const reference = (await form.getByTestId('reference').textContent())?.trim() ?? '';
  expect(reference).toMatch(/^IRR-/);
  await publicContext.close();

  // Business Support checks: known, case closed, more detail wanted → the IRR folder.
  const bso = await (await browser.newContext()).newPage();
  await signInAndWait(bso, 'bso');
  await bso.getByTestId('nav-irr').click();
  await expect(bso.getByTestId('irr-heading')).toBeVisible();
  const waiting = bso.getByTestId('irr-awaiting').getByTestId('irr-row').filter({ hasText: reference });
  await expect(waiting).toContainText('Urgent');
  await waiting.getByRole('link', { name: reference }).click();
  await expect(bso.getByTestId('irr-title')).toBeVisible();
  await hydrated(bso);
  await bso.getByLabel('Closed case with history').check();
  await bso.getByLabel('More detailed information').check();
  await bso.getByLabel(/^Mia Kowalski/).check();
  await bso.getByTestId('irr-check-submit').click();
  await expect(bso.getByTestId('irr-notice')).toContainText('IRR folder');
  await expect(bso.getByTestId('irr-status')).toHaveText('In the IRR folder');

  // An RAO finds it first in the folder, tags it as theirs and sends the response.
  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  await rao.getByTestId('nav-irr').click();
  const queued = rao.getByTestId('irr-folder').getByTestId('irr-row').filter({ hasText: reference });
  await expect(queued).toContainText('Urgent');
  await expect(queued).toContainText('hour');
  await queued.getByRole('link', { name: reference }).click();
  await expect(rao.getByTestId('irr-title')).toBeVisible();
  await hydrated(rao);
  await rao.getByTestId('irr-tag').click();
  await expect(rao.getByTestId('irr-notice')).toHaveText(/You are working on this request/);
  await expect(rao.getByTestId('irr-gate')).toContainText('section 47');

  await rao.getByLabel("Period of involvement with Children's Social Care").fill('3 March 2019 to 1 June 2021');
  await rao.getByLabel('Reasons for involvement').fill('Neglect');
  await rao.getByLabel('Key events with dates').fill('Assessment: 4 March 2019\nChild protection plan: 1 May 2019');
  await expect(rao.getByLabel('Send to', { exact: true })).toHaveValue(email);
  await rao.getByLabel("The requester's own address").check();
  await rao.getByTestId('irr-send').click();
  await expect(rao.getByTestId('irr-notice')).toContainText('The response has been sent');
  await expect(rao.getByTestId('irr-status')).toContainText('Actioned');
  const sent = rao.getByTestId('irr-message').filter({ hasText: 'Response to the professional' });
  await expect(sent).toContainText(email);
  await expect(sent).toContainText('Reasons for involvement: Neglect');
});
