import { Browser, expect, Page } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// Steps of the contact workflow that several specs take: answering a script, starting a call,
// and making a contact that waits on the Early Help Manager's worklist.

/** Answers every required question still open, so a level can be recorded. */
export async function answerRequired(page: Page) {
  for (let round = 0; round < 60; round++) {
    const left = page.getByTestId('guidance').getByText(/required question\(s\) still to answer/);
    if ((await left.count()) === 0) return;
    const questions = page.locator('#questions [data-question]');
    const n = await questions.count();
    let answered = false;
    for (let i = 0; i < n && !answered; i++) {
      const q = questions.nth(i);
      const radios = q.locator('input[type=radio]');
      if ((await radios.count()) > 0) {
        if ((await q.locator('input[type=radio]:checked').count()) === 0) {
          await radios.last().check();
          answered = true;
        }
        continue;
      }
      const boxes = q.locator('input[type=checkbox]');
      if ((await boxes.count()) > 0) {
        if ((await q.locator('input[type=checkbox]:checked').count()) === 0) {
          await boxes.first().check();
          answered = true;
        }
        continue;
      }
      const text = q.locator('textarea, input[type=text]');
      if ((await text.count()) > 0 && (await text.first().inputValue()) === '') {
        await text.first().fill(/number|numeric/.test((await text.first().getAttribute('inputmode')) ?? '') ? '3' : 'As the caller told it');
        answered = true;
        continue;
      }
      const date = q.locator('input[type=date]');
      if ((await date.count()) > 0 && (await date.first().inputValue()) === '') {
        await date.first().fill('2016-04-12');
        answered = true;
      }
    }
    if (!answered) return;
  }
}

export async function startCall(page: Page, caller: string) {
  await page.goto('/staff/calls/new');
  await hydrated(page);
  await page.getByLabel(caller, { exact: true }).check();
  await page.getByTestId('start-call').click();
  await expect(page.getByTestId('call-console')).toBeVisible();
  await hydrated(page);
  return page.url().split('/').pop()!;
}

export async function referenceOf(page: Page) {
  return (await page.getByTestId('record-heading').textContent())!.trim();
}

export async function contactForEarlyHelp(browser: Browser, summary: string) {
  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  const id = await startCall(rao, 'Professional');
  await rao.getByLabel('Summary (one line)').fill(summary);
  await rao.getByTestId('workflow-step').getByLabel('Decide the threshold level', { exact: true }).check();
  await answerRequired(rao);
  await rao.getByLabel('The parent has given the appropriate consent').check();
  await rao.locator('#level-additional_needs').check();
  await rao.locator('#reason').fill('Coordinated early help with consent');
  const departure = rao.getByLabel('Why are you departing from the suggested level?');
  if ((await departure.count()) > 0) await departure.fill('Known needs; consent given');
  await rao.getByTestId('decide').click();
  await expect(rao.getByTestId('call-notice')).toContainText('Early Help Manager');
  await rao.goto(`/staff/contacts/${id}`);
  await hydrated(rao);
  const reference = await referenceOf(rao);
  await rao.context().close();
  return { id, reference };
}
