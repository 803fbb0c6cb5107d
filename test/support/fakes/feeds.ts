/**
 * Feed samples shaped like the specifications' own examples (RSS 2.0 at
 * https://www.rssboard.org/rss-specification, Atom at RFC 4287 §1.1), with Indonesian news items
 * and the malformed items a real portal's feed sometimes carries.
 */
export function rss2(items: Array<{ guid?: string; link?: string; title?: string; description?: string; pubDate?: string }>): string {
  const item = (i: (typeof items)[number]) =>
    `<item>${i.title !== undefined ? `<title>${i.title}</title>` : ''}${i.link !== undefined ? `<link>${i.link}</link>` : ''}${i.description !== undefined ? `<description>${i.description}</description>` : ''}${
      i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''
    }${i.guid !== undefined ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}</item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Antara News - Terkini</title>
    <link>https://www.antaranews.com/</link>
    <description>Berita terkini</description>
    <language>id</language>
    ${items.map(item).join('\n    ')}
  </channel>
</rss>`;
}

export const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">
  <title>Siaran Pers Kementerian Kesehatan</title>
  <link href="https://kemkes.go.id/"/>
  <updated>2026-11-25T18:30:02Z</updated>
  <author><name>Biro Komunikasi</name></author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Layanan BPJS Kesehatan tetap berjalan saat libur panjang</title>
    <link href="https://kemkes.go.id/id/rilis/bpjs-libur"/>
    <link rel="edit" href="https://kemkes.go.id/edit/1"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2026-11-25T18:30:02Z</updated>
    <summary type="html">&lt;p&gt;Fasilitas kesehatan tetap melayani peserta &amp;amp; keluarga.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title type="text"></title>
    <id>urn:uuid:empty-entry</id>
    <updated>2026-11-25T18:00:00Z</updated>
  </entry>
</feed>`;

/** "Billion laughs": a feed that declares entities expanding into each other. */
export const ENTITY_BOMB = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rss version="2.0"><channel><title>x</title><item><title>&c;</title><guid>bomb</guid></item></channel></rss>`;
