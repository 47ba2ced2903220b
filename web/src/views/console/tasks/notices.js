// 打印本页全部通知书: the notices of one page of the teams table in one printable window, each on
// its own sheet. Every notice is the server's own document (GET /tasks/{id}/notices/{target}),
// so what is printed here is what 打开通知书 shows; only their bodies are put one after another.

/**
 * Opens a window with the notices at `urls` (fetched with the session), one per printed page,
 * and the browser's print dialog. Resolves when the window is written.
 */
export async function printNotices(urls, title) {
  // Opened before the fetches, while the click still counts as the user's: popup blockers
  // allow a window only then.
  const win = window.open('', '_blank');
  if (!win) return;
  win.document.title = title;
  win.document.body.textContent = '正在准备通知书…';
  const docs = await Promise.all(
    urls.map(async (url) => {
      const r = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      const text = await r.text();
      return new DOMParser().parseFromString(text, 'text/html');
    }),
  );
  const styles = docs.length ? [...docs[0].querySelectorAll('style')].map((s) => s.textContent).join('\n') : '';
  const d = win.document;
  d.open();
  d.write('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body></body></html>');
  d.close();
  d.title = title;
  const style = d.createElement('style');
  style.textContent = `${styles}\n.sj-notice-sheet { break-after: page; }\n.sj-notice-sheet:last-child { break-after: auto; }`;
  d.head.appendChild(style);
  for (const doc of docs) {
    const sheet = d.createElement('section');
    sheet.className = 'sj-notice-sheet';
    for (const node of [...doc.body.childNodes]) sheet.appendChild(d.importNode(node, true));
    d.body.appendChild(sheet);
  }
  win.focus();
  win.print();
}
