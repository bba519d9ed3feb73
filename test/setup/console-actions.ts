/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';

// What a person does with the console's antd controls, made so that a slow machine cannot make a test click into
// the void: every action waits for what it did to show before it returns (a dropdown or date picker still open, or
// still closing, lies over the next field and takes its click; under load a click on an option can land while the
// dropdown is still opening and pick nothing). Each helper checks its own effect and, where a person would simply
// try again, tries again.

/** An antd button's name: two Chinese characters get a space between them. */
export const btn = (text: string): RegExp => new RegExp(`^\\s*${[...text].join('\\s*')}\\s*$`);

const openDropdowns = (page: Page) => page.locator('.ant-select-dropdown:visible');

/**
 * Waits until no select dropdown is open or closing. One that stays open (a multiple select's, which stays open
 * for the next pick) is closed with Escape, which the open select keeps to itself; pressed while a dropdown is
 * already closing, Escape would reach and close a dialog around it, hence the wait first.
 */
async function closeDropdowns(page: Page): Promise<void> {
  const open = openDropdowns(page).first();
  const closed = await open.waitFor({ state: 'hidden', timeout: 3000 }).then(
    () => true,
    () => false,
  );
  if (closed) return;
  await page.keyboard.press('Escape');
  await open.waitFor({ state: 'hidden' });
}

/**
 * Picks `option` in the antd Select whose input is `field` (found by its label), and returns once the field shows
 * it and its dropdown is gone. A pick that did not take is made again, up to five times.
 */
export async function pick(page: Page, field: Locator, option: string | RegExp): Promise<void> {
  const select = field.locator(
    'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );
  // A single select shows its value in its content, a multiple one as a tag.
  const shown = select.locator('.ant-select-content-has-value, .ant-select-selection-item', { hasText: option });
  const multiple = await select.evaluate((el) => el.classList.contains('ant-select-multiple'));
  // A multiple select has taken the pick when one more tag shows it; a single one when its content does.
  const taken = multiple ? shown.nth(await shown.count()) : shown.first();
  for (let attempt = 1; ; attempt++) {
    await closeDropdowns(page);
    await field.click();
    await openDropdowns(page).locator('.ant-select-item-option', { hasText: option }).first().click();
    const took = await taken.waitFor({ timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (took) break;
    if (attempt >= 5) throw new Error(`the option ${String(option)} could not be picked`);
  }
  await closeDropdowns(page);
}

/** Waits for a status tag reading exactly `text`. */
export const statusTag = (page: Page, text: string): Promise<void> =>
  page
    .locator('.ant-tag', { hasText: new RegExp(`^${text}$`) })
    .first()
    .waitFor();

/**
 * Types a day, a month or a day and time into the antd DatePicker at `selector` and takes it (Enter in a time or
 * month picker; Tab in a day picker, where Enter would also submit the form), then waits for the picker to close
 * and checks the field holds the value.
 */
export async function typeDate(page: Page, selector: string, value: string): Promise<void> {
  const input = page.locator(selector);
  await input.click();
  await input.fill(value);
  await input.press(value.includes(':') || /^\d{4}-\d{2}$/.test(value) ? 'Enter' : 'Tab');
  await page.locator('.ant-picker-dropdown:visible').first().waitFor({ state: 'hidden' });
  const held = await input.inputValue();
  if (held !== value) throw new Error(`the date field ${selector} holds "${held}", not "${value}"`);
}

/**
 * Clicks `trigger`, which asks "are you sure?" in an antd Popconfirm, answers with its OK button (`ok`, 确定 by
 * default) and waits for the popup to close.
 */
export async function confirmPopup(page: Page, trigger: Locator, ok: RegExp = btn('确定')): Promise<void> {
  const popup = page.locator('.ant-popconfirm:visible');
  await trigger.click();
  await popup.first().waitFor();
  await popup.first().getByRole('button', { name: ok }).click();
  await popup.first().waitFor({ state: 'hidden' });
}

/**
 * Clicks `trigger`, which opens an antd Modal, and returns the dialog once it has finished zooming in: while it
 * grows, its title lies over its fields and a click aimed at a checkbox lands on the title instead.
 */
export async function openDialog(page: Page, trigger: Locator): Promise<Locator> {
  await trigger.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await page.waitForFunction(
    () => !document.querySelector('.ant-modal[class*="-appear"], .ant-modal[class*="-enter"]'),
  );
  return dialog;
}

/** Ticks the checkbox `box` and returns once it shows ticked; a click that did not take is made again. */
export async function tick(box: Locator): Promise<void> {
  for (let attempt = 1; !(await box.isChecked()); attempt++) {
    if (attempt > 5) throw new Error('the checkbox could not be ticked');
    await box.check({ timeout: 10_000 }).catch(() => undefined);
  }
}
