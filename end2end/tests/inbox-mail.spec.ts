import { test, expect, Page } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// The CASS inbox (issue 5 point 3, seed 000's Business Support filter): an e-mail uploaded as
// .eml, taken by Business Support, refused a contact because the child was open in the last
// 4 weeks (the server re-runs the rule; the error summary keeps the choices), sent to the TM/SP,
// who decides a contact is needed; the contact is then on the TM/SP worklist.

function eml(subject: string): Buffer {
  return Buffer.from(
    [
      'From: Pastoral Lead <pastoral@primary.example>',
      'To: cass@council.example',
      `Subject: ${subject}`,
      'Date: Mon, 2 Nov 2026 09:30:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The pupil arrived <b>hungry</b> again this morning.</p>',
      '--b1',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="attendance.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

async function addChild(page: Page, name: string) {
  await page.getByLabel("Child's name").fill(name);
  await page.getByTestId('child-search-button').click();
  await page.getByTestId('child-results').getByRole('button', { name: `Add ${name}` }).click();
  await expect(page.getByTestId('chosen-children')).toContainText(name);
}

test('an uploaded e-mail becomes a contact on the TM/SP worklist', async ({ browser }) => {
  const subject = `Concern about a pupil ${Date.now()}`;
  const bso = await (await browser.newContext()).newPage();
  await signInAndWait(bso, 'bso');

  // A file that is not an e-mail is refused with the error summary.
  await bso.goto('/staff/inbox/upload');
  await hydrated(bso);
  await bso.setInputFiles('#file', { name: 'note.eml', mimeType: 'message/rfc822', buffer: Buffer.from([0, 1, 2]) });
  await bso.getByRole('button', { name: 'Upload' }).click();
  await expect(bso.locator('.govuk-error-summary')).toContainText('must be an e-mail');

  await bso.setInputFiles('#file', { name: 'concern.eml', mimeType: 'message/rfc822', buffer: eml(subject) });
  await bso.getByRole('button', { name: 'Upload' }).click();
  await expect(bso.getByTestId('inbox-subject')).toHaveText(subject);
  await hydrated(bso);
  await expect(bso.getByTestId('inbox-body')).toContainText('The pupil arrived hungry again this morning.');
  await expect(bso.getByTestId('attachments')).toContainText('attendance.pdf');
  await expect(bso.getByTestId('attachments')).toContainText('Not scanned');
  const itemUrl = bso.url();

  // It is listed in the inbox, newest first.
  await bso.goto('/staff/inbox');
  await expect(bso.getByRole('link', { name: subject })).toBeVisible();
  await bso.goto(itemUrl);
  await hydrated(bso);

  await bso.getByTestId('take').click();
  await expect(bso.getByTestId('inbox-holder')).toHaveText('You');
  await addChild(bso, 'Ava Thompson');
  await bso.getByLabel('Create a contact').check();
  await bso.getByTestId('decide-button').click();
  // The demo family was open in the last 4 weeks: the server says who must decide.
  await expect(bso.locator('.govuk-error-summary')).toContainText('open in the last 4 weeks');
  await expect(bso.getByTestId('chosen-children')).toContainText('Ava Thompson');
  await bso.getByLabel('Send to an RAO or TM/SP').check();
  await bso.getByTestId('decide-button').click();
  await expect(bso.getByTestId('inbox-status')).toHaveText('Awaiting RAO or TM/SP review');

  const tm = await (await browser.newContext()).newPage();
  await signInAndWait(tm, 'tm');
  await tm.goto(itemUrl);
  await hydrated(tm);
  await tm.getByTestId('take').click();
  await expect(tm.getByTestId('inbox-holder')).toHaveText('You');
  await addChild(tm, 'Ava Thompson');
  await addChild(tm, 'Leo Thompson');
  await tm.getByLabel('A contact is needed').check();
  await tm.getByTestId('decide-button').click();
  await expect(tm.getByTestId('contact-created')).toBeVisible();
  const banner = (await tm.getByTestId('contact-created').textContent()) ?? '';
  const reference = banner.match(/C-[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0];
  expect(reference).toBeTruthy();

  await tm.goto('/staff/worklists');
  await hydrated(tm);
  await expect(tm.getByRole('link', { name: reference! }).first()).toBeVisible();
});
