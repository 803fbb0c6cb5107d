import type { Bilingual, Translation } from '../../i18n/types';

/** Strings of the settings screen (i18next namespace `settings`). */
const id = {
  nav: 'Pengaturan',
  title: 'Pengaturan',
  intro: 'Pilihan pribadi Anda: bahasa email Anda dan ringkasan yang dikirim ke email Anda.',
  emailLanguage: {
    heading: 'Bahasa email',
    help: 'Satu bahasa untuk semua email yang Anda terima: email peringatan dan ringkasan.',
    label: 'Bahasa email',
    id: 'Bahasa Indonesia',
    en: 'English',
    save: 'Simpan bahasa',
    saving: 'Menyimpan…',
    saved: 'Bahasa email disimpan.',
    loading: 'Memuat bahasa email…',
  },
  digest: {
    heading: 'Ringkasan email',
    help: 'Ringkasan per program (volume, porsi negatif, peringatan, insiden, kata dan penulis teratas, pangsa percakapan) dibanding periode sebelumnya, dikirim sekali per periode pada pagi hari.',
    frequency: 'Kirim ringkasan',
    daily: 'Harian (hari kemarin)',
    weekly: 'Mingguan (Senin, minggu lalu)',
    none: 'Jangan kirim',
    save: 'Simpan',
    saving: 'Menyimpan…',
    saved: 'Pilihan ringkasan disimpan.',
    loading: 'Memuat pilihan ringkasan…',
  },
  preview: {
    heading: 'Pratinjau ringkasan',
    day: 'Kemarin',
    week: 'Minggu lalu',
    period: 'Periode',
    loading: 'Memuat pratinjau…',
    caption: 'Ringkasan per program, dibanding periode sebelumnya',
    empty: 'Belum ada program aktif.',
    columns: { program: 'Program', volume: 'Volume', change: 'Perubahan', negativeShare: 'Porsi negatif', share: 'Pangsa percakapan', alerts: 'Peringatan', incidents: 'Insiden' },
    none: '—',
  },
};

const en: Translation<typeof id> = {
  nav: 'Settings',
  title: 'Settings',
  intro: 'Your own choices: the language of your emails and the digests sent to them.',
  emailLanguage: {
    heading: 'Email language',
    help: 'One language for every email you receive: alert emails and digests.',
    label: 'Email language',
    id: 'Bahasa Indonesia',
    en: 'English',
    save: 'Save language',
    saving: 'Saving…',
    saved: 'Email language saved.',
    loading: 'Loading your email language…',
  },
  digest: {
    heading: 'Email digest',
    help: 'A summary per program (volume, negative share, alerts, incidents, top terms and authors, share of voice) against the previous period, sent once a period in the morning.',
    frequency: 'Send a digest',
    daily: 'Daily (the day before)',
    weekly: 'Weekly (Mondays, the week before)',
    none: 'Do not send',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Digest choice saved.',
    loading: 'Loading your digest choice…',
  },
  preview: {
    heading: 'Digest preview',
    day: 'Yesterday',
    week: 'Last week',
    period: 'Period',
    loading: 'Loading the preview…',
    caption: 'Summary per program, against the previous period',
    empty: 'No active programs yet.',
    columns: { program: 'Program', volume: 'Volume', change: 'Change', negativeShare: 'Negative share', share: 'Share of voice', alerts: 'Alerts', incidents: 'Incidents' },
    none: '—',
  },
};

export const settingsMessages: Bilingual<typeof id> = { id, en };
