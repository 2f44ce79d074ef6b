import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';
import { WCAG } from './public-helpers';

// Issue 9: nothing typed is lost on any staff form, and nothing is deleted by a slip. A
// relationship recorded in error is withdrawn with a reason and restored; drafts of an inbox
// decision, a person's details and a letter template come back after a reload. The tests leave
// shared demo records as they found them (other spec files run alongside).

async function openAva(page: Page) {
  await page.getByTestId('worklist').getByRole('link', { name: 'Ava Thompson' }).first().click();
  await expect(page.getByTestId('record-heading')).toHaveText('Ava Thompson');
  await hydrated(page);
}

test('a relationship recorded in error is withdrawn with a reason, stays on the record, and is restored', async ({ page }) => {
  await signInAndWait(page, 'rao');
  await openAva(page);
  const relative = `Dana Link${Date.now() % 100000}`;
  const [given, family] = relative.split(' ');

  // Link a relative found (here: created after a search) with the picker.
  const link = page.locator('details', { hasText: 'Link a family or household member' });
  await link.locator('summary').click();
  const picker = link.getByTestId('person-picker');
  await picker.getByLabel('Given name').fill(given);
  await picker.getByLabel('Family name').fill(family);
  await picker.getByLabel('Date of birth').fill('1/1/1970');
  await picker.getByTestId('person-search').click();
  // A person from an earlier run may be offered (the index tolerates spelling): create anyway.
  await picker.getByTestId('start-create').click();
  await picker.getByTestId('create-person').getByLabel('Address').fill('9 Elm Row');
  await picker.getByTestId('create-person-submit').click();
  await expect(link).toContainText(`Chosen: ${relative}`);
  await link.getByLabel("They are this person's…").selectOption({ label: 'Other relative' });
  await link.getByRole('button', { name: 'Link', exact: true }).click();
  const row = page.getByTestId('relationships').locator('tr', { hasText: relative });
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-withdrawn', 'false');

  // Withdrawing asks why; a missing reason is explained and nothing is withdrawn.
  await row.getByTestId('withdraw-relationship').click();
  const form = page.getByTestId('withdraw-relationship-form');
  await expect(form).toContainText(`Why are you withdrawing the link with ${relative}?`);
  await form.getByTestId('confirm-withdraw-relationship').click();
  const summary = page.getByTestId('person-index').locator('.govuk-error-summary');
  await expect(summary).toContainText('Enter why you are withdrawing this relationship');
  await summary.getByRole('link').first().click();
  await expect(form.getByRole('textbox')).toBeFocused();
  const axe = await new AxeBuilder({ page }).withTags(WCAG).include('[data-testid="person-index"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), 'axe on the withdrawal form').toEqual([]);
  await expect(row).toHaveAttribute('data-withdrawn', 'false');
  await form.getByRole('textbox').fill('Linked to the wrong child');
  await form.getByTestId('confirm-withdraw-relationship').click();
  await expect(page.getByTestId('index-saved')).toContainText('The relationship has been withdrawn. You can restore it in the next 15 minutes');

  // Still on the record, marked with who, when and why; it survives a reload.
  await page.reload();
  await hydrated(page);
  const withdrawn = page.getByTestId('relationships').locator('tr', { hasText: relative });
  await expect(withdrawn).toHaveAttribute('data-withdrawn', 'true');
  await expect(withdrawn.getByTestId('relationship-withdrawn-by')).toContainText(/^Withdrawn by .+ on .+: Linked to the wrong child$/);

  // The person who withdrew it restores it within the undo time.
  await withdrawn.getByTestId('restore-relationship').click();
  await expect(page.getByTestId('index-saved')).toContainText('The relationship has been restored.');
  const back = page.getByTestId('relationships').locator('tr', { hasText: relative });
  await expect(back).toHaveAttribute('data-withdrawn', 'false');
  await expect(back.getByTestId('relationship-withdrawn-by')).toHaveCount(0);

  // Tidy up for other tests: withdrawn again (never deleted).
  await back.getByTestId('withdraw-relationship').click();
  await page.getByTestId('withdraw-relationship-form').getByRole('textbox').fill('Only linked for a browser test');
  await page.getByTestId('confirm-withdraw-relationship').click();
  await expect(page.getByTestId('relationships').locator('tr', { hasText: relative })).toHaveAttribute('data-withdrawn', 'true');
});

test("changes to a person's details are kept as a draft through a reload", async ({ page }) => {
  await signInAndWait(page, 'rao');
  await openAva(page);
  const change = page.getByTestId('change-details');
  await change.locator('summary').click();
  const phone = change.getByLabel('Phone');
  const before = await phone.inputValue();
  await phone.fill('07700 900 123');
  await expect(change.getByTestId('draft-status')).toContainText('Draft saved', { timeout: 15_000 });

  // A reload (or a timeout, or another computer) puts the words back, with the form open.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await hydrated(page);
  const again = page.getByTestId('change-details');
  await expect(again.getByLabel('Phone')).toHaveValue('07700 900 123');
  await expect(again.getByTestId('draft-status')).toContainText('Your unsaved work has been put back');
  await expect(again.getByTestId('draft-record-changed')).toHaveCount(0);

  // Going back to what the record says keeps no draft: nothing comes back after a reload.
  await again.getByLabel('Phone').fill(before);
  await page.waitForTimeout(1_500);
  await page.reload();
  await hydrated(page);
  await page.getByTestId('change-details').locator('summary').click();
  await expect(page.getByTestId('change-details').getByLabel('Phone')).toHaveValue(before);
  await expect(page.getByTestId('change-details').getByTestId('draft-status')).not.toContainText('put back');
});

test('a decision on an inbox e-mail is kept as a draft and goes from the home page when saved', async ({ page }) => {
  const subject = `Housing question ${Date.now()}`;
  const message = ['From: Neighbour <neighbour@example.org>', 'To: cass@council.example', `Subject: ${subject}`, 'Date: Mon, 2 Nov 2026 09:30:00 +0000', '', 'Who do I ask about repairs?', ''].join('\r\n');
  await signInAndWait(page, 'bso');
  await page.goto('/staff/inbox/upload');
  await hydrated(page);
  await page.setInputFiles('#file', { name: 'question.eml', mimeType: 'message/rfc822', buffer: Buffer.from(message) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('inbox-subject')).toHaveText(subject);
  await hydrated(page);
  await page.getByTestId('take').click();
  const form = page.getByTestId('decide-form');
  await form.getByLabel('Signpost: not for CASS').check();
  const reply = 'Please contact the housing repairs team on their usual number.';
  await form.getByLabel('Reply sent to the sender').fill(reply);
  await expect(form.getByTestId('draft-status')).toContainText('Draft saved', { timeout: 15_000 });
  const item = page.url();
  const listed = page.locator(`[data-testid="drafts"] a[href="${new URL(item).pathname}"]`);

  await page.goto('/staff');
  await hydrated(page);
  await expect(listed).toHaveText('A decision on an inbox item');

  await page.goto(item);
  await hydrated(page);
  const back = page.getByTestId('decide-form');
  await expect(back.getByLabel('Signpost: not for CASS')).toBeChecked();
  await expect(back.getByLabel('Reply sent to the sender')).toHaveValue(reply);
  await back.getByTestId('decide-button').click();
  await expect(page.getByTestId('inbox-status')).toContainText(/Signposted/i);

  await page.goto('/staff');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(listed).toHaveCount(0);
});

test('an administrator editing a letter template finds their words after a reload', async ({ page }) => {
  await signInAndWait(page, 'admin');
  await page.goto('/staff/admin/letters/outcomes_letter');
  await hydrated(page);
  const body = page.getByLabel('Letter text');
  const original = await body.inputValue();
  const added = `${original}\n\nA paragraph typed ${Date.now()}.`;
  await body.fill(added);
  await expect(page.getByTestId('draft-status')).toContainText('Draft saved', { timeout: 15_000 });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Letter text')).toHaveValue(added);
  await expect(page.getByTestId('draft-status')).toContainText('Your unsaved work has been put back');
  // Putting the text back as it was drops the draft (nothing is saved over the template).
  await page.getByLabel('Letter text').fill(original);
  await page.waitForTimeout(1_500);
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Letter text')).toHaveValue(original);
});
