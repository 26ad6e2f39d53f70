// The message dots, animated imperatively: one requestAnimationFrame loop moves SVG elements
// (pooled, never re-created per frame) along the wires, so hundreds of messages in flight never
// re-render React. A message to itself (an internal step) is a pulse around the component.

import type { TraceEvent } from "../../engine/trace/traceEvent";
import type { Point, Rect } from "./layout";

const SVG_NS = "http://www.w3.org/2000/svg";

/** At most this many dots and pulses at once; the oldest are dropped first. */
export const MAX_DOTS = 200;
const MIN_TRAVEL_MS = 350;
const MAX_TRAVEL_MS = 600;
const PULSE_MS = 520;
const DOT_RADIUS = 7;

export type DotStyle = "request" | "response" | "watch" | "error" | "internal";

export function dotStyle(event: TraceEvent): DotStyle {
  if (event.kind === "internal") {
    const failed =
      (event.detail?.type === "stage" && !event.detail.ok) ||
      (event.detail?.type === "cri" && !!event.detail.error);
    return failed ? "error" : "internal";
  }
  if (event.kind === "watch") return "watch";
  if (event.kind === "response") {
    const code = event.detail?.type === "http" ? event.detail.code : undefined;
    const failedTxn = event.detail?.type === "etcd" && event.detail.succeeded === false;
    return (code !== undefined && code >= 400) || failedTxn ? "error" : "response";
  }
  return "request";
}

/** Wall-clock travel time: longer wires take a little longer, always within 350–600 ms. */
export function travelMs(length: number): number {
  return Math.round(Math.min(MAX_TRAVEL_MS, MIN_TRAVEL_MS + length * 0.3));
}

interface Dot {
  readonly kind: "dot";
  readonly el: SVGCircleElement;
  readonly points: readonly Point[];
  /** Cumulative length at each point. */
  readonly cumulative: readonly number[];
  readonly length: number;
  readonly start: number;
  readonly duration: number;
}

interface Pulse {
  readonly kind: "pulse";
  readonly el: SVGRectElement;
  readonly rect: Rect;
  readonly start: number;
  readonly duration: number;
}

type Sprite = Dot | Pulse;

const easeInOut = (t: number): number => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

function pointAt(dot: Dot, distance: number): Point {
  const { points, cumulative } = dot;
  for (let i = 1; i < points.length; i++) {
    const end = cumulative[i] as number;
    if (distance <= end || i === points.length - 1) {
      const a = points[i - 1] as Point;
      const b = points[i] as Point;
      const begin = cumulative[i - 1] as number;
      const span = end - begin;
      const f = span > 0 ? Math.min(1, Math.max(0, (distance - begin) / span)) : 1;
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
  }
  return points[0] ?? { x: 0, y: 0 };
}

export class DotAnimator {
  private sprites: Sprite[] = [];
  /** Elements not in use stay in the SVG, hidden, so reuse never inserts or removes DOM nodes. */
  private readonly freeCircles: SVGCircleElement[] = [];
  private readonly freeRects: SVGRectElement[] = [];
  private frame = 0;

  constructor(private readonly svg: SVGSVGElement) {}

  get size(): number {
    return this.sprites.length;
  }

  /** A dot travelling along `points`. */
  addDot(points: readonly Point[], style: DotStyle): void {
    if (points.length < 2) return;
    const cumulative = [0];
    let length = 0;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1] as Point;
      const b = points[i] as Point;
      length += Math.hypot(b.x - a.x, b.y - a.y);
      cumulative.push(length);
    }
    this.makeRoom();
    const el = this.freeCircles.pop() ?? this.create("circle");
    el.r.baseVal.value = DOT_RADIUS;
    el.setAttribute("class", `gx-dot gx-dot-${style}`);
    const first = points[0] as Point;
    el.cx.baseVal.value = first.x;
    el.cy.baseVal.value = first.y;
    el.style.display = "";
    this.start({
      kind: "dot",
      el,
      points,
      cumulative,
      length,
      start: performance.now(),
      duration: travelMs(length),
    });
  }

  /** A ring expanding around a component (a message to itself). */
  addPulse(rect: Rect, style: DotStyle): void {
    this.makeRoom();
    const el = this.freeRects.pop() ?? this.create("rect");
    el.setAttribute("class", `gx-pulse gx-pulse-${style}`);
    el.rx.baseVal.value = 12;
    el.style.opacity = "1";
    this.place(el, rect, 2);
    el.style.display = "";
    this.start({ kind: "pulse", el, rect, start: performance.now(), duration: PULSE_MS });
  }

  clear(): void {
    for (const sprite of this.sprites) this.release(sprite);
    this.sprites = [];
  }

  dispose(): void {
    this.clear();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.svg.replaceChildren();
    this.freeCircles.length = 0;
    this.freeRects.length = 0;
  }

  private create<K extends "circle" | "rect">(tag: K): SVGElementTagNameMap[K] {
    const el = document.createElementNS(SVG_NS, tag);
    this.svg.appendChild(el);
    return el;
  }

  /** Drops the oldest sprites so one more fits under MAX_DOTS. */
  private makeRoom(): void {
    const excess = this.sprites.length - MAX_DOTS + 1;
    if (excess <= 0) return;
    for (const sprite of this.sprites.splice(0, excess)) this.release(sprite);
  }

  private start(sprite: Sprite): void {
    this.sprites.push(sprite);
    if (!this.frame) this.frame = requestAnimationFrame(this.tick);
  }

  private release(sprite: Sprite): void {
    sprite.el.style.display = "none";
    if (sprite.kind === "dot") this.freeCircles.push(sprite.el);
    else this.freeRects.push(sprite.el);
  }

  private place(el: SVGRectElement, r: Rect, grow: number): void {
    el.x.baseVal.value = r.x - grow;
    el.y.baseVal.value = r.y - grow;
    el.width.baseVal.value = r.width + 2 * grow;
    el.height.baseVal.value = r.height + 2 * grow;
  }

  private readonly tick = (now: number): void => {
    let kept = 0;
    for (const sprite of this.sprites) {
      const t = (now - sprite.start) / sprite.duration;
      if (t >= 1) {
        this.release(sprite);
        continue;
      }
      const f = Math.max(0, t);
      if (sprite.kind === "dot") {
        const p = pointAt(sprite, easeInOut(f) * sprite.length);
        sprite.el.cx.baseVal.value = p.x;
        sprite.el.cy.baseVal.value = p.y;
      } else {
        this.place(sprite.el, sprite.rect, 2 + f * 12);
        sprite.el.style.opacity = (1 - f).toFixed(2);
      }
      this.sprites[kept++] = sprite;
    }
    this.sprites.length = kept;
    this.frame = kept > 0 ? requestAnimationFrame(this.tick) : 0;
  };
}
