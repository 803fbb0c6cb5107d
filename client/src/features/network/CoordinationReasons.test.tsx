import { afterEach, describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import type { CoordinationReason } from '@siaga/shared';
import { i18n } from '../../i18n';
import { CoordinationReasons } from './CoordinationReasons';

const age = (days: number): CoordinationReason => ({ kind: 'account_age', value: days, weight: 0.5 * (1 - days / 30) });
const lines = () => screen.getAllByRole('listitem').map((li) => li.textContent);

describe('CoordinationReasons', () => {
  afterEach(() => i18n.changeLanguage('id'));

  it("says an account's age at its first post in English, with plurals", async () => {
    await i18n.changeLanguage('en');
    render(<CoordinationReasons reasons={[age(0), age(1), age(3), { kind: 'near_duplicates', value: 0.5, weight: 0.3 }]} />);
    expect(lines()).toEqual([
      'account created less than a day before its first post in the window',
      'account created 1 day before its first post in the window',
      'account created 3 days before its first post in the window',
      '50% of its posts are near-copies of other accounts’ posts',
    ]);
  });

  it('says it in Indonesian', async () => {
    await i18n.changeLanguage('id');
    render(<CoordinationReasons reasons={[age(0), age(3)]} />);
    expect(lines()).toEqual(['akun dibuat kurang dari sehari sebelum pos pertamanya dalam periode ini', 'akun dibuat 3 hari sebelum pos pertamanya dalam periode ini']);
  });
});
