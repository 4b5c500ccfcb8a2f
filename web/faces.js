/* faces.js - the two schematic faces of one dyad, drawn in SVG: the infant
 * (left, facing right) and the mother (right, facing left).  Each trace row
 * poses them: the infant's gaze, affect and behaviour, the mother's
 * behaviour.  Poses are CSS values (transform, d, cx, cy, opacity) so that
 * style.css's transitions animate them.  The pose in words is the caption;
 * the pose's names stay on the groups as data-* attributes (data-behavior,
 * data-affect, data-gaze) for the browser test.  Nothing is computed here:
 * every pose comes from a column of the row the server sent. */
'use strict';

window.AttuneFaces = (function () {
  const NS = 'http://www.w3.org/2000/svg';
  const SKIN = '#f3c9a0', SKIN_DARK = '#c98f5e', INK = '#1b1b1b', MOUTH = '#8a1c2b';

  function el(parent, tag, attrs) {
    const e = document.createElementNS(NS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  let uid = 0;
  function p(d) { return 'path("' + d + '")'; }

  /* The infant's words: what a student reads under the picture. */
  const INFANT_WORDS = {
    'engage': 'looks at her, engaged',
    'look-away': 'turns away: needs a break',
    'bid-reach': 'reaches out to her',
    'bid-point': 'points at her',
    'bid-vocalise': 'calls out to her',
    'protest-fuss': 'fusses and frets',
    'protest-push': 'pushes her away',
    'self-comfort': 'sucks a thumb to calm down',
    'withdrawal': 'slumps, withdrawn',
    'distress': 'cries in distress'
  };
  const AFFECT_WORDS = { positive: 'smiling', neutral: 'neutral face', negative: 'upset' };
  const MOTHER_WORDS = {
    'play': 'plays peek-a-boo',
    'wait': 'sits back and waits',
    'greet': 'greets him: "Oh, hi!"',
    'loom': 'leans in, clicks her tongue',
    'still-face': 'STILL FACE: blank, no response',
    'disengage': 'looks away',
    'notice': 'notices him, turns to repair',
    'reconnect': 'reaches out to reconnect',
    'soothe': 'soothes him: "shh, shh"'
  };

  /* ---- the infant (head centre 170,100) ---- */
  const I_MOUTH = {
    positive: 'M 150 128 Q 170 152 190 128 Q 170 136 150 128 Z',
    neutral: 'M 156 134 Q 170 137 184 134 Q 170 139 156 134 Z',
    negative: 'M 150 142 Q 170 116 190 142 Q 170 150 150 142 Z',
    open: 'M 160 132 Q 170 116 180 132 Q 170 148 160 132 Z',
    cry: 'M 146 144 Q 170 110 194 144 Q 170 156 146 144 Z',
    thumb: 'M 162 134 Q 170 130 178 134 Q 170 140 162 134 Z'
  };
  const I_BROW_L = { up: 'M 138 70 Q 150 60 162 68', flat: 'M 138 70 Q 150 68 162 70', sad: 'M 138 74 Q 150 70 162 62' };
  const I_BROW_R = { up: 'M 178 68 Q 190 60 202 70', flat: 'M 178 70 Q 190 68 202 70', sad: 'M 178 62 Q 190 70 202 74' };
  /* arms: shoulder -> elbow (control) -> hand, [elbowx, elbowy, handx, handy] */
  const I_ARMS = {
    rest: [[112, 206, 118, 228], [228, 206, 222, 228]],
    reach: [[110, 200, 116, 228], [240, 160, 278, 128]],
    point: [[110, 200, 116, 228], [240, 180, 282, 168]],
    voc: [[112, 206, 118, 228], [232, 200, 236, 222]],
    fuss: [[96, 170, 92, 140], [244, 170, 250, 140]],
    push: [[190, 186, 262, 168], [236, 206, 270, 206]],
    thumb: [[110, 200, 116, 228], null],
    slump: [[118, 214, 128, 230], [222, 214, 212, 230]],
    cry: [[98, 168, 104, 132], [242, 168, 236, 132]]
  };
  const BEHAVIOR_POSE = {
    'engage': { arms: 'rest' },
    'look-away': { arms: 'rest' },
    'bid-reach': { arms: 'reach', hand: 'open' },
    'bid-point': { arms: 'point', finger: true },
    'bid-vocalise': { arms: 'voc', mouth: 'open', voice: true },
    'protest-fuss': { arms: 'fuss', marks: true, brow: 'sad' },
    'protest-push': { arms: 'push', hand: 'palm', motion: true, brow: 'sad' },
    'self-comfort': { arms: 'thumb', mouth: 'thumb', lids: true },
    'withdrawal': { arms: 'slump', slump: true, lids: true, mouth: 'neutral' },
    'distress': { arms: 'cry', mouth: 'cry', tears: true, brow: 'sad', squeeze: true, marks: true }
  };

  function buildInfant(svg) {
    const g = el(svg, 'g', { class: 'infant' });
    const body = el(g, 'g', { class: 'i-body' });
    el(body, 'path', { class: 'i-torso', d: 'M 120 262 Q 116 182 170 176 Q 224 182 220 262 Z', fill: '#5aa9e6', stroke: INK, 'stroke-width': 3 });
    el(body, 'path', { d: 'M 150 182 Q 170 196 190 182', fill: 'none', stroke: '#ffffff', 'stroke-width': 5 });
    const arms = [];
    for (let i = 0; i < 2; i++) {
      const a = el(body, 'path', { class: 'i-arm', fill: 'none', stroke: '#5aa9e6', 'stroke-width': 20, 'stroke-linecap': 'round' });
      const h = el(body, 'circle', { class: 'i-hand', r: 12, fill: SKIN, stroke: INK, 'stroke-width': 2.5 });
      arms.push({ a: a, h: h });
    }
    const finger = el(body, 'path', { class: 'i-finger', d: 'M 290 166 L 306 162', stroke: INK, 'stroke-width': 7, 'stroke-linecap': 'round', opacity: 0 });
    const motion = el(body, 'g', { class: 'i-motion', opacity: 0, stroke: INK, 'stroke-width': 4, 'stroke-linecap': 'round' });
    el(motion, 'path', { d: 'M 290 156 L 308 150 M 292 186 L 312 186 M 290 216 L 308 222' });

    const head = el(g, 'g', { class: 'i-head' });
    head.style.transformOrigin = '170px 165px';
    body.style.transformOrigin = '170px 262px';
    el(head, 'circle', { cx: 170, cy: 100, r: 62, fill: SKIN, stroke: INK, 'stroke-width': 3 });
    el(head, 'path', { d: 'M 160 40 Q 166 22 184 30 Q 170 32 176 44', fill: 'none', stroke: '#7a4b22', 'stroke-width': 5, 'stroke-linecap': 'round' });
    const earL = el(head, 'ellipse', { class: 'i-ear-l', cx: 110, cy: 104, rx: 9, ry: 14, fill: SKIN, stroke: INK, 'stroke-width': 3 });
    const earR = el(head, 'ellipse', { class: 'i-ear-r', cx: 230, cy: 104, rx: 9, ry: 14, fill: SKIN, stroke: INK, 'stroke-width': 3 });
    const clipId = 'iclip' + (++uid);
    el(el(svg, 'clipPath', { id: clipId }), 'circle', { cx: 170, cy: 100, r: 60 });
    const face = el(el(head, 'g', { 'clip-path': 'url(#' + clipId + ')' }), 'g', { class: 'i-face' });
    const cheeks = el(face, 'g', { class: 'i-cheeks', fill: '#f28b8b', opacity: 0 });
    el(cheeks, 'circle', { cx: 136, cy: 120, r: 10 });
    el(cheeks, 'circle', { cx: 204, cy: 120, r: 10 });
    const eyes = el(face, 'g', { class: 'i-eyes' });
    const pupils = [];
    for (const x of [150, 190]) {
      el(eyes, 'ellipse', { cx: x, cy: 92, rx: 13, ry: 15, fill: '#ffffff', stroke: INK, 'stroke-width': 2.5 });
      pupils.push(el(eyes, 'circle', { class: 'i-pupil', cx: x, cy: 93, r: 8, fill: INK }));
    }
    const lids = el(face, 'g', { class: 'i-lids', opacity: 0 });
    for (const x of [150, 190])
      el(lids, 'path', { d: 'M ' + (x - 15) + ' 93 A 15 16 0 0 1 ' + (x + 15) + ' 93 Z', fill: '#e9b58a', stroke: INK, 'stroke-width': 2.5 });
    const shut = el(face, 'g', { class: 'i-shut', opacity: 0, fill: 'none', stroke: INK, 'stroke-width': 4, 'stroke-linecap': 'round' });
    el(shut, 'path', { d: 'M 138 88 L 160 94 L 138 100 M 202 88 L 180 94 L 202 100' });
    const browL = el(face, 'path', { class: 'i-brow', fill: 'none', stroke: '#7a4b22', 'stroke-width': 4.5, 'stroke-linecap': 'round' });
    const browR = el(face, 'path', { class: 'i-brow', fill: 'none', stroke: '#7a4b22', 'stroke-width': 4.5, 'stroke-linecap': 'round' });
    const mouth = el(face, 'path', { class: 'i-mouth', fill: MOUTH, stroke: INK, 'stroke-width': 2.5, 'stroke-linejoin': 'round' });
    const tears = el(face, 'g', { class: 'i-tears', opacity: 0, fill: '#2f7fd8', stroke: '#1b4f8a', 'stroke-width': 1.5 });
    el(tears, 'path', { d: 'M 140 110 Q 134 124 140 128 Q 146 124 140 110 Z' });
    el(tears, 'path', { d: 'M 200 110 Q 194 124 200 128 Q 206 124 200 110 Z' });
    el(tears, 'path', { d: 'M 136 134 Q 130 148 136 152 Q 142 148 136 134 Z' });
    /* the thumb-sucking forearm lies over the face, so it is drawn after the head */
    const thumb = { a: el(g, 'path', { class: 'i-thumb-arm', fill: 'none', stroke: '#5aa9e6', 'stroke-width': 20, 'stroke-linecap': 'round', opacity: 0 }),
                    h: el(g, 'circle', { class: 'i-thumb', r: 12, fill: SKIN, stroke: INK, 'stroke-width': 2.5, opacity: 0 }) };
    const marks = el(g, 'g', { class: 'i-marks', opacity: 0, stroke: '#c0392b', 'stroke-width': 5, 'stroke-linecap': 'round', fill: 'none' });
    el(marks, 'path', { d: 'M 92 40 L 104 54 M 80 66 L 98 70 M 246 40 L 234 54' });
    const voice = el(g, 'g', { class: 'i-voice', opacity: 0 });
    el(voice, 'path', { d: 'M 238 38 h 62 a 10 10 0 0 1 10 10 v 22 a 10 10 0 0 1 -10 10 h -40 l -16 14 l 2 -14 h -8 a 10 10 0 0 1 -10 -10 v -22 a 10 10 0 0 1 10 -10 Z', fill: '#fffbe0', stroke: INK, 'stroke-width': 2.5 });
    el(voice, 'text', { x: 270, y: 68, 'text-anchor': 'middle', 'font-size': 22, 'font-weight': 'bold', fill: INK }).textContent = 'ba!';
    return { g: g, body: body, head: head, face: face, arms: arms, finger: finger, motion: motion, cheeks: cheeks,
             pupils: pupils, lids: lids, shut: shut, browL: browL, browR: browR, mouth: mouth, tears: tears,
             marks: marks, voice: voice, eyes: eyes, earL: earL, earR: earR, thumb: thumb };
  }

  function poseArm(arm, shoulder, pose) {
    arm.a.style.d = p('M ' + shoulder[0] + ' ' + shoulder[1] + ' Q ' + pose[0] + ' ' + pose[1] + ' ' + pose[2] + ' ' + pose[3]);
    arm.h.style.cx = pose[2] + 'px';
    arm.h.style.cy = pose[3] + 'px';
  }

  function poseInfant(f, gaze, affect, behavior) {
    const b = BEHAVIOR_POSE[behavior] || BEHAVIOR_POSE.engage;
    const away = gaze !== 1;
    f.g.dataset.gaze = away ? 'away' : 'at-her';
    f.g.dataset.affect = affect;
    f.g.dataset.behavior = behavior;
    const arms = I_ARMS[b.arms];
    const sucking = b.arms === 'thumb';
    const thumbPose = away ? [214, 150, 150, 142] : [224, 150, 180, 140];
    poseArm(f.thumb, [206, 196], thumbPose);
    f.thumb.a.style.opacity = sucking ? 1 : 0;
    f.thumb.h.style.opacity = sucking ? 1 : 0;
    poseArm(f.arms[0], [134, 196], arms[0]);
    poseArm(f.arms[1], [206, 196], sucking ? thumbPose : arms[1]);
    f.arms[1].h.setAttribute('r', b.hand === 'palm' ? 15 : 12);
    f.arms[0].h.setAttribute('r', b.hand === 'palm' ? 15 : 12);
    f.finger.style.opacity = b.finger ? 1 : 0;
    f.motion.style.opacity = b.motion ? 1 : 0;
    /* the head turns away from her (to the left): features slide left, the
     * far ear shows, the head tilts; slumped: the whole child sinks */
    f.face.style.transform = away ? 'translate(-26px, 4px)' : 'translate(4px, 0px)';
    f.earL.style.opacity = away ? 0 : 1;
    f.earR.style.opacity = away ? 1 : 0.9;
    let tilt = away && b.arms !== 'thumb' ? -14 : 0;
    if (b.slump) tilt = -22;
    f.head.style.transform = 'translate(0px, ' + (b.slump ? 22 : 0) + 'px) rotate(' + tilt + 'deg)';
    f.body.style.transform = 'translate(0px, ' + (b.slump ? 12 : 0) + 'px)';
    const look = away ? -6 : 5;
    for (const pu of f.pupils) pu.style.transform = 'translate(' + look + 'px, ' + (b.slump ? 6 : 0) + 'px)';
    let mouth = b.mouth || (affect === 'positive' ? 'positive' : affect === 'negative' ? 'negative' : 'neutral');
    if (affect === 'negative' && b.mouth === 'open') mouth = 'cry';
    f.mouth.style.d = p(I_MOUTH[mouth]);
    const brow = b.brow || (affect === 'positive' ? 'up' : affect === 'negative' ? 'sad' : 'flat');
    f.browL.style.d = p(I_BROW_L[brow]);
    f.browR.style.d = p(I_BROW_R[brow]);
    f.cheeks.style.opacity = affect === 'positive' ? 0.8 : 0;
    f.lids.style.opacity = b.lids ? 1 : 0;
    f.shut.style.opacity = b.squeeze ? 1 : 0;
    f.eyes.style.opacity = b.squeeze ? 0 : 1;
    f.tears.style.opacity = b.tears || (affect === 'negative' && behavior === 'protest-fuss') ? 1 : 0;
    f.marks.style.opacity = b.marks ? 1 : 0;
    f.voice.style.opacity = b.voice ? 1 : 0;
    return 'Infant ' + (INFANT_WORDS[behavior] || behavior) + ' (' + (AFFECT_WORDS[affect] || affect) + ')';
  }

  /* ---- the mother (head centre 440,96) ---- */
  const M_MOUTH = {
    big: 'M 410 128 Q 430 156 452 128 Q 430 138 410 128 Z',
    soft: 'M 414 132 Q 430 144 448 132 Q 430 138 414 132 Z',
    flat: 'M 414 136 Q 430 137 448 136 Q 430 139 414 136 Z',
    oh: 'M 424 134 Q 430 122 438 134 Q 430 146 424 134 Z',
    click: 'M 420 134 Q 430 126 442 134 Q 430 144 420 134 Z'
  };
  const M_BROW_L = { up: 'M 402 68 Q 414 58 426 66', flat: 'M 402 72 Q 414 71 426 72', worry: 'M 402 72 Q 414 68 426 62' };
  const M_BROW_R = { up: 'M 440 66 Q 452 58 464 68', flat: 'M 440 72 Q 452 71 464 72', worry: 'M 440 62 Q 452 68 464 72' };
  const M_ARMS = {
    down: [[380, 226, 396, 234], [500, 226, 484, 234]],
    peek: [[356, 150, 374, 100], [524, 150, 506, 100]],
    open: [[362, 220, 360, 190], [518, 220, 520, 190]],
    lap: [[394, 232, 418, 232], [486, 232, 462, 232]],
    reach: [[380, 226, 396, 234], [340, 200, 300, 184]],
    touch: [[380, 226, 396, 234], [320, 210, 262, 214]],
    loom: [[340, 210, 318, 186], [500, 226, 484, 234]]
  };
  const MOTHER_POSE = {
    'play': { arms: 'peek', mouth: 'big', brow: 'up', say: 'peek-a-boo!' },
    'wait': { arms: 'lap', mouth: 'soft', brow: 'flat', lean: 24 },
    'greet': { arms: 'open', mouth: 'big', brow: 'up', say: 'Oh, hi!' },
    'loom': { arms: 'loom', mouth: 'click', brow: 'up', lean: -64, scale: 1.12, say: 'tsk! tsk!' },
    'still-face': { arms: 'down', mouth: 'flat', brow: 'flat', blank: true },
    'disengage': { arms: 'down', mouth: 'flat', brow: 'flat', away: true },
    'notice': { arms: 'down', mouth: 'oh', brow: 'worry' },
    'reconnect': { arms: 'reach', mouth: 'soft', brow: 'up', lean: -22 },
    'soothe': { arms: 'touch', mouth: 'soft', brow: 'worry', lean: -36, say: 'shh, shh...' }
  };

  function buildMother(svg) {
    const g = el(svg, 'g', { class: 'mother' });
    const lean = el(g, 'g', { class: 'm-lean' });
    el(lean, 'path', { d: 'M 384 110 Q 370 190 392 214 L 488 214 Q 510 190 496 110 Z', fill: '#4a2c17' });
    el(lean, 'path', { class: 'm-torso', d: 'M 372 262 Q 368 186 440 176 Q 512 186 508 262 Z', fill: '#8e44ad', stroke: INK, 'stroke-width': 3 });
    const arms = [];
    for (let i = 0; i < 2; i++) {
      const a = el(lean, 'path', { class: 'm-arm', fill: 'none', stroke: '#8e44ad', 'stroke-width': 22, 'stroke-linecap': 'round' });
      const h = el(lean, 'circle', { class: 'm-hand', r: 13, fill: SKIN, stroke: INK, 'stroke-width': 2.5 });
      arms.push({ a: a, h: h });
    }
    const head = el(lean, 'g', { class: 'm-head' });
    lean.style.transformOrigin = '440px 270px';
    head.style.transformOrigin = '440px 165px';
    el(head, 'rect', { x: 426, y: 150, width: 28, height: 30, fill: SKIN, stroke: INK, 'stroke-width': 3 });
    el(head, 'ellipse', { cx: 440, cy: 98, rx: 54, ry: 64, fill: SKIN, stroke: INK, 'stroke-width': 3 });
    const veil = el(head, 'ellipse', { class: 'm-veil', cx: 440, cy: 98, rx: 52, ry: 62, fill: '#8d99a6', opacity: 0 });
    el(head, 'path', { d: 'M 386 100 Q 380 30 440 30 Q 504 30 496 104 Q 480 60 440 58 Q 410 58 386 100 Z', fill: '#4a2c17', stroke: INK, 'stroke-width': 2 });
    const face = el(head, 'g', { class: 'm-face' });
    const eyes = el(face, 'g', { class: 'm-eyes' });
    const pupils = [];
    for (const x of [414, 452]) {
      el(eyes, 'ellipse', { cx: x, cy: 94, rx: 11, ry: 8, fill: '#ffffff', stroke: INK, 'stroke-width': 2.5 });
      pupils.push(el(eyes, 'circle', { class: 'm-pupil', cx: x, cy: 94, r: 5.5, fill: INK }));
    }
    const browL = el(face, 'path', { class: 'm-brow', fill: 'none', stroke: '#4a2c17', 'stroke-width': 5, 'stroke-linecap': 'round' });
    const browR = el(face, 'path', { class: 'm-brow', fill: 'none', stroke: '#4a2c17', 'stroke-width': 5, 'stroke-linecap': 'round' });
    el(face, 'path', { d: 'M 432 100 Q 426 116 434 118', fill: 'none', stroke: SKIN_DARK, 'stroke-width': 3, 'stroke-linecap': 'round' });
    const mouth = el(face, 'path', { class: 'm-mouth', fill: '#b0303f', stroke: INK, 'stroke-width': 2.5, 'stroke-linejoin': 'round' });
    const bubble = el(g, 'g', { class: 'm-say', opacity: 0 });
    el(bubble, 'path', { d: 'M 470 14 h 120 a 10 10 0 0 1 10 10 v 26 a 10 10 0 0 1 -10 10 h -92 l -14 14 l 0 -14 h -14 a 10 10 0 0 1 -10 -10 v -26 a 10 10 0 0 1 10 -10 Z', fill: '#fffbe0', stroke: INK, 'stroke-width': 2.5 });
    const say = el(bubble, 'text', { x: 530, y: 45, 'text-anchor': 'middle', 'font-size': 19, 'font-weight': 'bold', fill: INK });
    return { g: g, lean: lean, head: head, face: face, veil: veil, arms: arms, pupils: pupils, browL: browL, browR: browR,
             mouth: mouth, bubble: bubble, say: say };
  }

  function poseMother(f, behavior) {
    const b = MOTHER_POSE[behavior] || MOTHER_POSE.wait;
    f.g.dataset.behavior = behavior;
    f.g.dataset.blank = b.blank ? 'yes' : 'no';
    const arms = M_ARMS[b.arms];
    poseArm(f.arms[0], [392, 196], arms[0]);
    poseArm(f.arms[1], [488, 196], arms[1]);
    f.lean.style.transform = 'translate(' + (b.lean || 0) + 'px, 0px) scale(' + (b.scale || 1) + ')';
    f.face.style.transform = b.away ? 'translate(26px, 0px)' : 'translate(-6px, 0px)';
    f.head.style.transform = b.away ? 'rotate(12deg)' : b.lean && b.lean < 0 ? 'rotate(-8deg)' : 'rotate(0deg)';
    const look = b.away ? 5 : b.blank ? 0 : -4;
    for (const pu of f.pupils) pu.style.transform = 'translate(' + look + 'px, 0px)';
    f.mouth.style.d = p(M_MOUTH[b.mouth]);
    f.browL.style.d = p(M_BROW_L[b.brow]);
    f.browR.style.d = p(M_BROW_R[b.brow]);
    f.veil.style.opacity = b.blank ? 0.55 : 0;
    f.bubble.style.opacity = b.say ? 1 : 0;
    if (b.say) f.say.textContent = b.say;
    return 'Mother ' + (MOTHER_WORDS[behavior] || behavior);
  }

  /* Creates the faces inside `holder`; returns {svg, set(row)} where row is
   * {infant_gaze, infant_affect, infant_behavior, caregiver_behavior} and
   * set returns the two captions. */
  function create(holder, title) {
    const svg = el(null, 'svg', { viewBox: '60 12 540 232', class: 'faces', role: 'img' });
    el(svg, 'title', {}).textContent = title;
    const mother = buildMother(svg);
    const infant = buildInfant(svg);
    holder.appendChild(svg);
    const api = {
      svg: svg,
      set: function (row) {
        return {
          infant: poseInfant(infant, row.infant_gaze, row.infant_affect, row.infant_behavior),
          mother: poseMother(mother, row.caregiver_behavior)
        };
      }
    };
    api.set({ infant_gaze: 1, infant_affect: 'neutral', infant_behavior: 'engage', caregiver_behavior: 'wait' });
    return api;
  }

  return { create: create, INFANT_WORDS: INFANT_WORDS, MOTHER_WORDS: MOTHER_WORDS };
})();
