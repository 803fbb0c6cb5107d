import { useCallback, useState } from 'react';

/** A live-region message; `seq` makes the same sentence announced twice in a row. */
export interface Announcement {
  text: string;
  seq: number;
}

/** What a polite live region says: the last sentence passed to `announce`. */
export function useAnnouncer() {
  const [announcement, setAnnouncement] = useState<Announcement>({ text: '', seq: 0 });
  const announce = useCallback((text: string) => setAnnouncement((old) => ({ text, seq: old.seq + 1 })), []);
  return { announcement, announce };
}
