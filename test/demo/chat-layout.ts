import type { Page } from 'puppeteer-core';

export interface Layout {
  viewport: number;
  /** Everything wrong, in words: elements past the viewport's edges, content wider than its box, poor contrast. */
  problems: string[];
  /** Widths of the message list and of the narrowest message text. */
  messages: number;
  narrowestText: number;
  sidebarShown: boolean;
}

/**
 * Looks at the page as laid out: every visible element must stay inside the viewport horizontally and hold its
 * content (unless it scrolls or clips on purpose), and every visible text must meet WCAG AA contrast against
 * the background it is drawn on (4.5:1, or 3:1 for large text). Runs in the page.
 */
export async function checkLayout(page: Page): Promise<Layout> {
  // tsx keeps function names by wrapping them in a `__name` helper that the page does not have.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const problems: string[] = [];
    const name = (node: Element) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.className && typeof node.className === 'string' ? `.${node.className.trim().replace(/\s+/g, '.')}` : ''}`;
    const rgba = (color: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
      return { r, g, b, a: color.startsWith('rgba') || color.includes('/') ? a : 1 };
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const over = (top: ReturnType<typeof rgba>, under: ReturnType<typeof rgba>) => ({
      r: top.r * top.a + under.r * (1 - top.a),
      g: top.g * top.a + under.g * (1 - top.a),
      b: top.b * top.a + under.b * (1 - top.a),
      a: 1,
    });
    const background = (node: Element | null) => {
      const layers = [];
      for (; node; node = node.parentElement) {
        const color = rgba(getComputedStyle(node).backgroundColor);
        if (color.a > 0) layers.push(color);
        if (color.a >= 1) break;
      }
      return layers.reduceRight((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
    };

    if (document.documentElement.scrollWidth > viewport) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide`);
    for (const node of document.querySelectorAll('body *')) {
      if (!node.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const box = node.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.left < -0.5 || box.right > viewport + 0.5) problems.push(`${name(node)} sticks out: ${Math.round(box.left)} to ${Math.round(box.right)} of ${viewport}`);
      const style = getComputedStyle(node);
      if (node.clientWidth > 0 && node.scrollWidth > node.clientWidth + 1 && style.overflowX === 'visible') {
        problems.push(`${name(node)} overflows its box: ${node.scrollWidth} > ${node.clientWidth}`);
      }
      const text = [...node.childNodes].some((child) => child.nodeType === Node.TEXT_NODE && child.textContent!.trim());
      if (!text) continue;
      const fg = over(rgba(style.color), background(node));
      const [light, dark] = [luminance(fg), luminance(background(node))].sort((a, b) => b - a);
      const ratio = (light! + 0.05) / (dark! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) problems.push(`${name(node)} "${node.textContent!.trim().slice(0, 30)}": contrast ${ratio.toFixed(2)}:1`);
    }
    const list = document.querySelector('#messages');
    const texts = [...document.querySelectorAll('#messages .text')].map((t) => t.getBoundingClientRect().width);
    return {
      viewport,
      problems,
      messages: list ? list.getBoundingClientRect().width : 0,
      narrowestText: texts.length ? Math.min(...texts) : 0,
      sidebarShown: document.querySelector('#sidebar')?.checkVisibility({ visibilityProperty: true }) ?? false,
    };
  });
}

/** Resolves once no CSS transition runs (the drawer slides): a screenshot mid-slide shows a layout nobody sees. */
export function settled(page: Page): Promise<unknown> {
  return page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState === 'finished'));
}
