/**
 * Starts the browser's download of a presigned link. The link answers
 * `Content-Disposition: attachment` with the file's safe name, so following it downloads the
 * file and leaves the page where it is. Its own module, so that tests can replace it (jsdom
 * does not navigate).
 */
export function startDownload(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}
