/* plot.js - the scrolling plot of one dyad: the infant's and the mother's
 * arousal over the last 30 simulated seconds, on a canvas.  A rupture is
 * shaded from the step the server scored "rupture" until the step it scored
 * "repair" (marked by a tick with the latency) or "censored".  The x axis is
 * the time shown (continuous across the sessions of a timeline). */
'use strict';

window.AttunePlot = (function () {
  const WINDOW_S = 30;
  const INFANT = '#d35400', MOTHER = '#1f5fbf', SHADE = 'rgba(192, 57, 43, 0.22)', TICK = '#a93226';

  function create(canvas) {
    const pts = [];       /* {x, ia, ca} */
    const rups = [];      /* {x0, x1 (null while open), latency, kind} */
    let now = 0, dirty = true;

    const marks = [];      /* {x, label}: where a session of a timeline begins */

    function clear() { pts.length = 0; rups.length = 0; marks.length = 0; now = 0; dirty = true; }

    /* A new session from x on: the scorer starts afresh, so a rupture still
     * open ends here (its shade stops; no repair tick) */
    function newSession(x, session) {
      for (const r of rups) if (r.x1 === null) { r.x1 = x; r.kind = 'censored'; }
      marks.push({ x: x, label: 'session ' + session });
      while (marks.length && marks[0].x < now - WINDOW_S - 1) marks.shift();
      pts.push({ x: x, ia: NaN, ca: NaN });
      dirty = true;
    }

    /* x: seconds on the page's clock; score: the server's verdict for the step */
    function add(x, ia, ca, score) {
      pts.push({ x: x, ia: ia, ca: ca });
      now = x;
      if (score && score.kind === 'rupture') rups.push({ x0: x, x1: null, latency: null, kind: 'open' });
      else if (score && (score.kind === 'repair' || score.kind === 'censored')) {
        const r = rups.length ? rups[rups.length - 1] : null;
        if (r && r.x1 === null) { r.x1 = x; r.latency = score.latency; r.kind = score.kind; }
      }
      while (pts.length > 2 && pts[1].x < now - WINDOW_S - 1) pts.shift();
      while (rups.length && rups[0].x1 !== null && rups[0].x1 < now - WINDOW_S - 1) rups.shift();
      dirty = true;
    }

    function draw() {
      if (!dirty) return false;
      dirty = false;
      const dpr = window.devicePixelRatio || 1;
      const w = canvas.clientWidth, h = canvas.clientHeight;
      if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
      }
      const c = canvas.getContext('2d');
      c.setTransform(dpr, 0, 0, dpr, 0, 0);
      c.fillStyle = '#ffffff';
      c.fillRect(0, 0, w, h);
      const L = 44, R = 8, T = 22, B = 22;
      const x1 = Math.max(now, WINDOW_S), x0 = x1 - WINDOW_S;
      const X = function (x) { return L + (x - x0) / WINDOW_S * (w - L - R); };
      const Y = function (y) { return T + (1 - y) * (h - T - B); };
      c.font = '15px sans-serif';
      c.textBaseline = 'middle';
      /* ruptures; a latency label only where it does not overlap the last,
       * drawn after the lines on a white card so that a line never hides it */
      let lastLabel = -1e9;
      const labels = [];
      for (const r of rups) {
        const a = Math.max(X(r.x0), L), b = Math.min(X(r.x1 === null ? now : r.x1), w - R);
        if (b <= L) continue;
        c.fillStyle = SHADE;
        c.fillRect(a, T, Math.max(b - a, 2), h - T - B);
        if (r.x1 !== null && r.kind === 'repair' && X(r.x1) >= L) {
          c.strokeStyle = TICK;
          c.lineWidth = 3;
          c.beginPath();
          c.moveTo(X(r.x1), T);
          c.lineTo(X(r.x1), T + 10);
          c.stroke();
          const lx = Math.min(Math.max(X(r.x1), L + 18), w - R - 18);
          if (lx - lastLabel >= 44) {
            labels.push({ x: lx, text: r.latency.toFixed(1) + ' s' });
            lastLabel = lx;
          }
        }
      }
      /* axes */
      c.strokeStyle = '#555';
      c.lineWidth = 1;
      c.fillStyle = '#222';
      c.textAlign = 'right';
      for (const y of [0, 0.5, 1]) {
        c.beginPath();
        c.moveTo(L, Y(y));
        c.lineTo(w - R, Y(y));
        c.globalAlpha = y === 0 ? 1 : 0.25;
        c.stroke();
        c.globalAlpha = 1;
        c.fillText(y.toFixed(1), L - 6, Y(y));
      }
      c.textAlign = 'center';
      c.textBaseline = 'alphabetic';
      for (let s = Math.ceil(x0 / 5) * 5; s <= x1; s += 5)
        if (X(s) > L + 10) c.fillText(s + ' s', X(s), h - 5);
      /* where sessions begin */
      c.strokeStyle = '#14213d';
      c.fillStyle = '#14213d';
      c.lineWidth = 2;
      c.textAlign = 'left';
      c.font = 'bold 13px sans-serif';
      for (const m of marks) {
        if (X(m.x) < L) continue;
        c.beginPath();
        c.moveTo(X(m.x), T);
        c.lineTo(X(m.x), h - B);
        c.stroke();
        c.fillText(m.label, X(m.x) + 4, h - B - 6);
      }
      c.font = '15px sans-serif';
      /* the two arousals (a gap where a session begins) */
      for (const which of ['ca', 'ia']) {
        c.strokeStyle = which === 'ia' ? INFANT : MOTHER;
        c.lineWidth = 3.5;
        c.lineJoin = 'round';
        c.beginPath();
        let first = true;
        for (const q of pts) {
          if (q.x < x0 - 0.2) continue;
          if (isNaN(q[which])) { first = true; continue; }
          if (first) c.moveTo(X(q.x), Y(q[which]));
          else c.lineTo(X(q.x), Y(q[which]));
          first = false;
        }
        c.stroke();
      }
      c.textAlign = 'center';
      c.textBaseline = 'middle';
      for (const lab of labels) {
        const tw = c.measureText(lab.text).width;
        c.fillStyle = 'rgba(255, 255, 255, 0.85)';
        c.fillRect(lab.x - tw / 2 - 3, T + 11, tw + 6, 16);
        c.fillStyle = TICK;
        c.fillText(lab.text, lab.x, T + 19);
      }
      legend(c, L, 10);
      return true;
    }

    /* the key, in the strip above the plot, from (x, y): two lines, the
     * rupture shade and the repair tick */
    function legend(c, x, y) {
      c.font = 'bold 14px sans-serif';
      c.textAlign = 'left';
      c.textBaseline = 'middle';
      const items = [['infant arousal', INFANT], ['mother arousal', MOTHER], ['rupture', SHADE],
                     ['repaired (latency)', TICK]];
      for (const it of items) {
        c.fillStyle = it[1];
        if (it[1] === SHADE) c.fillRect(x, y - 7, 18, 14);
        else if (it[1] === TICK) c.fillRect(x + 7, y - 7, 3, 14);
        else c.fillRect(x, y - 2, 18, 4);
        c.fillStyle = it[1] === SHADE ? TICK : it[1];
        c.fillText(it[0], x + 22, y);
        x += c.measureText(it[0]).width + 36;
      }
    }

    return { add: add, draw: draw, clear: clear, newSession: newSession, colors: { infant: INFANT, mother: MOTHER } };
  }

  return { create: create, WINDOW_S: WINDOW_S };
})();
