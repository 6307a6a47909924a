/**
 * The first thing Tab reaches: a link past the site's view tabs to the page's own title, shown
 * only while focused. It moves focus (not just the scroll position) so the next Tab lands on the
 * view's first control, as a keyboard user expects.
 */
export function skipTarget(doc: Document): HTMLElement | null {
  return doc.querySelector<HTMLElement>('#root h1') ?? doc.querySelector<HTMLElement>('main');
}

export function SkipLink() {
  return (
    // biome-ignore lint/a11y/useValidAnchor: a skip link is in-page navigation, so a link; it moves focus itself so the address keeps the view's permalink instead of gaining a #fragment.
    <a
      className="skip-link"
      href="#root"
      onClick={(e) => {
        const target = skipTarget(document);
        if (!target) return;
        e.preventDefault();
        if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        target.focus();
        target.scrollIntoView({ block: 'start' });
      }}
    >
      Skip to the content
    </a>
  );
}
