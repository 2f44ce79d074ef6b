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
  // What is typed is kept: after a reload (only the server's copy left), it is all there.
  await expect(rao.getByTestId('draft-status')).toContainText('Draft saved');
  const requestPath = new URL(rao.url()).pathname;
  await rao.evaluate(() => localStorage.clear());
  await rao.reload();
  await hydrated(rao);
  await expect(rao.getByTestId('draft-status')).toContainText('put back');
  await expect(rao.getByLabel('Reasons for involvement')).toHaveValue('Neglect');
  await expect(rao.getByLabel('Key events with dates')).toHaveValue('Assessment: 4 March 2019\nChild protection plan: 1 May 2019');
  await expect(rao.getByLabel('Send to', { exact: true })).toHaveValue(email);
  await rao.getByLabel("The requester's own address").check();
  await rao.getByTestId('irr-send').click();
  await expect(rao.getByTestId('irr-notice')).toContainText('The response has been sent');
  await expect(rao.getByTestId('irr-status')).toContainText('Actioned');
  // Sent, so no draft is left on the home page.
  await rao.goto('/staff');
  await hydrated(rao);
  await expect(rao.getByTestId('signed-in-name')).toBeVisible();
  await expect(rao.locator(`[data-testid="drafts"] a[href="${requestPath}"]`)).toHaveCount(0);
  await rao.goto(requestPath);
  await hydrated(rao);
  const sent = rao.getByTestId('irr-message').filter({ hasText: 'Response to the professional' });
  await expect(sent).toContainText(email);
  await expect(sent).toContainText('Reasons for involvement: Neglect');
  // The response prints on its own: no navigation, no buttons (issue 9 point 3).
  await expect(rao.getByTestId('print-irr')).toBeVisible();
  await rao.emulateMedia({ media: 'print' });
  await expect(rao.locator('.govuk-service-navigation')).toBeHidden();
  await expect(rao.getByTestId('print-irr')).toBeHidden();
  await expect(sent).toBeVisible();
  await rao.emulateMedia({ media: 'screen' });
});

// The same journey from the CASS inbox: an e-mail uploaded as .eml is recorded by Business Support
// as an information request (CAFCASS writing a section 7 report, urgently needed for court), checked,
// tagged by an RAO and answered to the requester's own address.
test('an urgent information request e-mailed to the CASS inbox goes to a sent response', async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const subject = `URGENT information request ${stamp}`;
  const email = `fco.${stamp}@cafcass.example`;
  const eml = Buffer.from(
    [
      `From: Family Court Adviser <${email}>`,
      'To: cass@council.example',
      `Subject: ${subject}`,
      'Date: Mon, 2 Nov 2026 09:30:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'I am writing a section 7 report for a hearing on Friday and need any history for Mia Kowalski.',
      '',
    ].join('\r\n'),
  );

  const bso = await (await browser.newContext()).newPage();
  await signInAndWait(bso, 'bso');
  await bso.goto('/staff/inbox/upload');
  await hydrated(bso);
  await bso.setInputFiles('#file', { name: 'request.eml', mimeType: 'message/rfc822', buffer: eml });
  await bso.getByRole('button', { name: 'Upload' }).click();
  await expect(bso.getByTestId('inbox-subject')).toHaveText(subject);
  await hydrated(bso);
  await bso.getByTestId('record-irr').click();
  await expect(bso.getByTestId('irr-from-email')).toContainText(subject);
  await hydrated(bso);
  await bso.getByLabel("Requester's name").fill('Family Court Adviser');
  await bso.getByLabel('Organisation').fill('CAFCASS');
  await bso.getByLabel("Requester's own e-mail address").fill(email);
  await bso.getByLabel("Child's full name").fill('Mia Kowalski');
  await bso.getByLabel('Why', { exact: true }).fill('A section 7 report for a hearing on Friday');
  await bso.getByLabel('The information is urgently needed for court proceedings or a child protection enquiry (usually CAFCASS)').check();
  await bso.getByLabel('Why they say it is urgent').fill('The hearing is on Friday');
  await bso.getByLabel('Consent not needed (an exception)').check();
  await bso.getByLabel('CAFCASS or a local authority is writing a section 7 or section 37 report').check();
  await bso.getByTestId('irr-record-submit').click();

  // The request page: Business Support's check puts it in the IRR folder.
  await expect(bso.getByTestId('irr-title')).toHaveText(new RegExp(subject));
  await expect(bso.getByTestId('irr-urgent')).toBeVisible();
  await hydrated(bso);
  const requestUrl = bso.url();
  await bso.getByLabel('Closed case with history').check();
  await bso.getByLabel('More detailed information').check();
  await bso.getByLabel(/^Mia Kowalski/).check();
  await bso.getByTestId('irr-check-submit').click();
  await expect(bso.getByTestId('irr-status')).toHaveText('In the IRR folder');

  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  await rao.goto(requestUrl);
  await expect(rao.getByTestId('irr-title')).toBeVisible();
  await hydrated(rao);
  await rao.getByTestId('irr-tag').click();
  await expect(rao.getByTestId('irr-notice')).toHaveText(/You are working on this request/);
  await expect(rao.getByTestId('irr-gate')).toContainText('section 7 or 37 report');
  await rao.getByLabel("Period of involvement with Children's Social Care").fill('3 March 2019 to 1 June 2021');
  await rao.getByLabel('Reasons for involvement').fill('Neglect');
  await rao.getByTestId('irr-send').click();
  await expect(rao.getByTestId('irr-notice')).toContainText('The response has been sent');
  await expect(rao.getByTestId('irr-status')).toContainText('Actioned');
  await expect(rao.getByTestId('irr-message').filter({ hasText: 'Response to the professional' })).toContainText(email);
});
