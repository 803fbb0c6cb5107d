/** The text of each page of a PDF, read back with pdfjs-dist (its Node build). */
export async function pdfPages(data: Uint8Array): Promise<{ texts: string[]; pathOps: number[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const texts: string[] = [];
  const pathOps: number[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    texts.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
    const ops = await page.getOperatorList();
    pathOps.push(ops.fnArray.filter((f) => f === pdfjs.OPS.constructPath).length);
  }
  await doc.destroy();
  return { texts, pathOps };
}
