// The server writes a fresh nonce into <meta name="csp-nonce"> on every page load, and its Content-Security-Policy
// accepts inline <style> elements only with that nonce. antd passes it to its own styles (ConfigProvider csp), but a
// few helpers underneath (scroll-bar measuring, icons) create style elements without it; this gives every style
// element the page creates the nonce, so nothing needs 'unsafe-inline'.
export const cspNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

if (cspNonce && !cspNonce.startsWith('__')) {
  const create = document.createElement.bind(document);
  document.createElement = function createElement(tagName: string, options?: ElementCreationOptions) {
    const el = create(tagName, options);
    if (tagName.toLowerCase() === 'style') el.setAttribute('nonce', cspNonce);
    return el;
  };
  // Some icons' SVGs carry an (empty) <style> of their own (LoginOutlined's <defs><style/></defs>); React makes
  // SVG elements with createElementNS, so those need the nonce too.
  const createNS = document.createElementNS.bind(document) as (ns: string | null, name: string) => Element;
  document.createElementNS = function createElementNS(ns: string | null, name: string) {
    const el = createNS(ns, name);
    if (el.localName === 'style') el.setAttribute('nonce', cspNonce);
    return el;
  } as typeof document.createElementNS;
}
