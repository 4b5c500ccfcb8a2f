/* app.js - the page's controller: asks attune serve for runs and steps and
 * shows what it answers.  Nothing here simulates or scores: faces, plot,
 * counts, narration and the command all come from the server's JSON.
 *
 * Timing: at speed S a dyad with step dt owes S/dt steps per second of wall
 * time.  Steps are fetched in batches of about 0.1 s of wall time (at most
 * limits.max_steps), kept in a short queue, and shown one by one as they
 * fall due, so the faces move smoothly.  Each dyad has at most one request
 * in flight: steps, changes and restarts go through one chain per dyad.
 *
 * window.attuneStats exposes the frame rate and each dyad's state for the
 * browser test (tests/browser/serve_test.mjs). */
'use strict';

(function () {
  const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];
  const BATCH_WALL_S = 0.1;
  const LOG_MAX = 300;
  const stats = { fps: 0, frames: 0, speed: 1, playing: false, dyads: [] };
  window.attuneStats = stats;
  let info = null, playing = false, speed = 1;
  const dyads = [];

  function $(root, sel) { return root.querySelector(sel); }

  function showError(box, text) {
    box.textContent = text || '';
    box.hidden = !text;
  }

  /* One API call: resolves to the parsed JSON (or null for 204); rejects
   * with an Error whose message is the server's "error" text. */
  async function api(method, path) {
    const res = await fetch(path, { method: method, cache: 'no-store' });
    if (res.status === 204) return null;
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const err = new Error(body && body.error ? body.error : 'the server answered ' + res.status);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  function q(key, value) { return encodeURIComponent(key) + '=' + encodeURIComponent(value); }

  /* ---------------- one dyad ---------------- */
  function Dyad(index, root) {
    this.index = index;
    this.root = root;
    this.run = null;
    this.cols = {};
    this.queue = [];
    this.marks = [];          /* changes to log when their step is shown */
    this.chain = Promise.resolve();
    this.busy = 0;            /* requests queued or in flight on the chain */
    this.owed = 0;
    this.pendingSteps = 0;    /* Step presses not yet shown */
    this.clock = 0;           /* seconds shown so far (the plot's x) */
    this.session = 1;
    this.done = false;
    this.serverDone = false;
    this.policy = '';
    this.policyBefore = null;
    this.last = null;
    this.lastChange = null;
    this.stat = { index: 0, t: 0, session: 1, policy: '', done: false, steps: 0, requests: 0,
                  counts: null, mother: '', infant: '', affect: '', gaze: '', runId: '', command: '',
                  values: {} };
    stats.dyads[index] = this.stat;
    this.faces = AttuneFaces.create($(root, '.faces-holder'), 'dyad ' + (index + 1) + ': infant and mother');
    this.plot = AttunePlot.create($(root, '.plot'));
    this.el = {
      scenario: $(root, '.scenario'), seed: $(root, '.seed'), preset: $(root, '.preset'),
      restart: $(root, '.restart'), errSetup: $(root, '.err-setup'), errChange: $(root, '.err-change'),
      status: $(root, '.status'), capInfant: $(root, '.cap-infant'), capMother: $(root, '.cap-mother'),
      log: $(root, '.log'), stillFace: $(root, '.still-face'), reunion: $(root, '.reunion'),
      download: $(root, '.download'), figure: $(root, '.figure'), sliders: $(root, '.sliders'),
      command: $(root, '.command'), copy: $(root, '.copy'),
      ruptures: $(root, '.n-ruptures'), repairs: $(root, '.n-repairs'),
      median: $(root, '.n-median'), matched: $(root, '.n-matched')
    };
    this.sliders = {};
    this.buildControls();
  }

  Dyad.prototype.buildControls = function () {
    const self = this, e = this.el;
    for (const s of info.scenarios) {
      const o = document.createElement('option');
      o.value = s.name;
      o.textContent = s.name;
      e.scenario.appendChild(o);
    }
    e.scenario.value = info.defaults[this.index] || info.scenarios[0].name;
    for (const p of info.presets) {
      const o = document.createElement('option');
      o.value = p;
      o.textContent = p;
      e.preset.appendChild(o);
    }
    e.scenario.addEventListener('change', function () {
      const s = self.scenarioInfo();
      e.seed.value = s ? s.seed : '';
      self.restart();
    });
    e.preset.addEventListener('change', function () { self.restart(); });
    e.restart.addEventListener('click', function () { self.restart(); });
    e.seed.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') self.restart(); });
    e.stillFace.addEventListener('click', function () { self.stillFace(); });
    e.reunion.addEventListener('click', function () { self.reunion(); });
    e.copy.addEventListener('click', function () { copyText(e.command); });
    for (const s of info.sliders) this.buildSlider(s);
    const sc = this.scenarioInfo();
    e.seed.value = sc ? sc.seed : '';
  };

  Dyad.prototype.buildSlider = function (s) {
    const self = this;
    const label = document.createElement('label');
    label.className = 'slider';
    const name = document.createElement('span');
    name.textContent = s.label;
    const input = document.createElement('input');
    input.type = 'range';
    input.min = s.min;
    input.max = s.max;
    input.step = s.step;
    input.dataset.key = s.key;
    const out = document.createElement('output');
    label.append(name, input, out);
    this.el.sliders.appendChild(label);
    const unit = s.unit && s.unit !== '0-1' ? ' ' + s.unit : '';
    /* the number shown is the server's (v) when it lies outside the track */
    const show = function (v) { out.textContent = fmt(v === undefined ? Number(input.value) : v) + unit; };
    const entry = { input: input, show: show, held: false, pointer: false, timer: null };
    /* while the hand is on it, the server's values do not move it */
    input.addEventListener('pointerdown', function () { entry.held = true; entry.pointer = true; });
    input.addEventListener('pointerup', function () { setTimeout(function () { entry.held = false; }, 0); });
    input.addEventListener('blur', function () { if (!entry.timer) entry.held = false; });
    input.addEventListener('input', function () { entry.held = true; show(); });
    /* applied on release, not on every pixel; the keys fire a change at
     * every press, so a value set with them is sent once they rest (20
     * presses were 20 changes in the run's command) */
    input.addEventListener('change', function () {
      show();
      clearTimeout(entry.timer);
      const send = function () {
        entry.timer = null;
        entry.held = false;
        self.change(s.key, input.value);
      };
      if (entry.pointer) {
        entry.pointer = false;
        send();
      } else {
        entry.held = true;
        entry.timer = setTimeout(send, 700);
      }
    });
    this.sliders[s.key] = entry;
  };

  Dyad.prototype.scenarioInfo = function () {
    const name = this.el.scenario.value;
    return info.scenarios.find(function (s) { return s.name === name; });
  };

  /* Runs fn after every earlier request of this dyad has finished. */
  Dyad.prototype.enqueue = function (fn) {
    const self = this;
    this.busy++;
    const p = this.chain.then(fn);
    this.chain = p.catch(function () {}).then(function () { self.busy--; });
    return p;
  };

  Dyad.prototype.restart = function () {
    const self = this, e = this.el;
    const old = this.run;
    let path = '/api/runs?' + q('scenario', e.scenario.value);
    if (e.seed.value.trim() !== '') path += '&' + q('seed', e.seed.value.trim());
    if (e.preset.value) path += '&' + q('set', 'infant.preset=' + e.preset.value);
    showError(e.errSetup, '');
    showError(e.errChange, '');
    return this.enqueue(async function () {
      self.stat.requests++;
      try {
        const run = await api('POST', path);
        if (old) api('POST', '/api/runs/' + old.id + '/close').catch(function () {});
        self.start(run);
      } catch (err) {
        /* the old run (if any) goes on; the message stays until the next try */
        showError(e.errSetup, err.message);
      }
    });
  };

  Dyad.prototype.start = function (run) {
    const e = this.el;
    this.run = run;
    this.cols = {};
    run.header.split(',').forEach(function (name, i) { this.cols[name] = i; }, this);
    this.queue = [];
    this.marks = [];
    this.owed = 0;
    this.pendingSteps = 0;
    this.clock = 0;
    this.session = 1;
    this.done = false;
    this.serverDone = false;
    this.policy = run.policy;
    this.policyBefore = null;
    this.plot.clear();
    e.log.textContent = '';
    e.seed.value = run.seed;
    e.reunion.disabled = true;
    e.stillFace.disabled = false;
    e.download.href = '/api/runs/' + run.id + '/trace.csv';
    e.figure.href = '/api/runs/' + run.id + '/figure.png';
    this.showCommand(run.command);
    Object.assign(this.stat, { index: 0, t: 0, session: 1, policy: run.policy, done: false, steps: 0,
                               counts: null, runId: run.id, command: run.command, values: run.values });
    this.setValues(run.values);
    this.showCounts(null);
    this.showStatus(0);
    this.addLog('session', run.command);
  };

  /* The reproducing command, whole: the box grows to three lines, then scrolls. */
  Dyad.prototype.showCommand = function (command) {
    const box = this.el.command;
    box.value = command;
    box.style.height = 'auto';
    box.style.height = Math.min(box.scrollHeight + 4, 76) + 'px';
    box.scrollTop = box.scrollHeight;
  };

  Dyad.prototype.setValues = function (values) {
    for (const key in this.sliders) {
      if (values && typeof values[key] === 'number' && !this.sliders[key].held) {
        this.sliders[key].input.value = values[key];
        this.sliders[key].show(values[key]);
      }
    }
  };

  /* A live change: applied by the server from its next step. */
  Dyad.prototype.change = function (key, value) {
    const self = this, e = this.el;
    if (!this.run) return Promise.resolve(null);
    const id = this.run.id;
    return this.enqueue(async function () {
      self.stat.requests++;
      try {
        const r = await api('POST', '/api/runs/' + id + '/change?' + q('set', key + '=' + value));
        showError(e.errChange, '');
        self.lastChange = r;
        self.showCommand(r.command);
        self.stat.command = r.command;
        self.stat.values = r.values;
        self.policy = r.policy;
        self.setValues(r.values);
        /* The server applies it from its next step, which may lie ahead of
         * the step on screen: the log says so when that step is shown. */
        self.marks.push({ session: r.session, index: r.index, text: 'change at ' + r.at });
        return r;
      } catch (err) {
        showError(e.errChange, err.message);
        if (self.run) self.setValues(self.stat.values);
        return null;
      }
    });
  };

  /* "Still face now": her policy becomes still-face; the one before is kept
   * for "Reunion".  Each button is off while its request is on its way. */
  Dyad.prototype.stillFace = function () {
    const self = this, e = this.el;
    const before = this.policy;
    e.stillFace.disabled = true;
    return this.change('caregiver.policy', 'still-face').then(function (r) {
      if (r && before !== 'still-face') self.policyBefore = before;
      e.reunion.disabled = !self.policyBefore;
      e.stillFace.disabled = !!r;
    });
  };

  Dyad.prototype.reunion = function () {
    const self = this, e = this.el;
    if (!this.policyBefore) return Promise.resolve();
    e.reunion.disabled = true;
    return this.change('caregiver.policy', this.policyBefore).then(function (r) {
      if (r) self.policyBefore = null;
      e.reunion.disabled = !!r;
      e.stillFace.disabled = !r;
    });
  };

  /* Asks for the next batch when the queue runs short (one request at a time). */
  Dyad.prototype.fetchMore = function () {
    if (!this.run || this.serverDone || this.busy > 0) return;
    const perSecond = speed / this.run.dt;
    const batch = Math.max(1, Math.min(info.limits.max_steps, Math.ceil(perSecond * BATCH_WALL_S)));
    const want = playing ? 2 * batch : this.pendingSteps;
    if (this.queue.length >= want) return;
    const n = playing ? batch : Math.max(1, this.pendingSteps - this.queue.length);
    const self = this, id = this.run.id;
    this.enqueue(async function () {
      self.stat.requests++;
      try {
        const r = await api('POST', '/api/runs/' + id + '/steps?n=' + n);
        if (!self.run || self.run.id !== id) return;
        if (r.steps.length) r.steps[r.steps.length - 1].state = r.state;
        else self.showState(r.state);
        for (const s of r.steps) self.queue.push(s);
        if (r.state.done) self.serverDone = true;
      } catch (err) {
        if (err.status === 429) await new Promise(function (ok) { setTimeout(ok, 400); });
        else { showError(self.el.errChange, err.message); self.serverDone = err.status === 404; }
      }
    });
  };

  /* Shows the steps that fell due since the last frame. */
  Dyad.prototype.tick = function (dtWall) {
    if (!this.run) return false;
    let due = 0;
    if (playing) {
      this.owed = Math.min(this.owed + dtWall * speed / this.run.dt, this.queue.length + 1);
      due = Math.floor(this.owed);
    }
    due = Math.max(due, Math.min(this.pendingSteps, this.queue.length));
    let shown = null;
    for (let i = 0; i < due && this.queue.length; i++) {
      shown = this.queue.shift();
      this.apply(shown);
      if (playing) this.owed -= 1;
      if (this.pendingSteps > 0) this.pendingSteps--;
    }
    if (shown) this.showRow(shown);
    if (!this.queue.length && this.serverDone && !this.done) {
      this.done = true;
      this.stat.done = true;
      this.addLog('session', 'end of the run');
    }
    this.fetchMore();
    return this.plot.draw() || shown !== null;
  };

  Dyad.prototype.col = function (f, name) { return f[this.cols[name]]; };

  Dyad.prototype.apply = function (step) {
    const f = step.row.split(',');
    this.clock += this.run.dt;
    if (step.session !== this.session) {
      this.session = step.session;
      this.plot.newSession(this.clock, step.session);
      this.addLog('session', 'session ' + step.session + ' begins');
    }
    this.plot.add(this.clock, Number(this.col(f, 'infant_arousal')), Number(this.col(f, 'caregiver_arousal')), step.score);
    while (this.marks.length && (this.marks[0].session < step.session
           || (this.marks[0].session === step.session && this.marks[0].index <= step.index)))
      this.addLog('change', this.marks.shift().text);
    for (const line of step.events) {
      const text = line.trim();
      const kind = /RUPTURE/.test(text) ? 'rupture' : /REPAIR/.test(text) ? 'repair' : '';
      this.addLog(kind, text);
    }
    this.stat.steps++;
    this.last = f;
    if (step.state) this.showState(step.state);
  };

  Dyad.prototype.showRow = function (step) {
    const f = this.last;
    const caps = this.faces.set({
      infant_gaze: Number(this.col(f, 'infant_gaze')), infant_affect: this.col(f, 'infant_affect'),
      infant_behavior: this.col(f, 'infant_behavior'), caregiver_behavior: this.col(f, 'caregiver_behavior')
    });
    this.el.capInfant.textContent = caps.infant;
    this.el.capMother.textContent = caps.mother;
    Object.assign(this.stat, { index: step.index, t: Number(this.col(f, 't')), session: step.session,
                               mother: this.col(f, 'caregiver_behavior'), infant: this.col(f, 'infant_behavior'),
                               affect: this.col(f, 'infant_affect'), gaze: this.col(f, 'infant_gaze') });
    this.showStatus(Number(this.col(f, 't')), this.col(f, 'phase'));
  };

  /* The server's state after a batch: the policy and values of the next
   * step (after a phase's last step, the next phase's; after a session's
   * last, the next session's first), and the counts of the session of the
   * last step shown (after a session's last step, that session's final
   * ones: counts.session).  A batch fetched before a live change was sent
   * still shows the values and policy before it: those do not undo what
   * the change's answer showed. */
  Dyad.prototype.showState = function (st) {
    Object.assign(this.stat, { counts: st.counts, stateIndex: st.index });
    this.showCounts(st.counts);
    if (this.lastChange && st.session === this.lastChange.session && st.index <= this.lastChange.index) return;
    this.policy = st.policy;
    Object.assign(this.stat, { policy: st.policy, values: st.values });
    this.setValues(st.values);
  };

  Dyad.prototype.showStatus = function (t, phase) {
    const r = this.run;
    const sc = info.scenarios.find(function (x) { return x.name === r.scenario; });
    const lines = ['of ' + fmt(sc ? sc.duration : r.steps * r.dt) + ' s'];
    if (r.sessions > 1) lines.push('session ' + this.session + '/' + r.sessions);
    /* names keep their hyphens on one line (a non-breaking hyphen) */
    const nb = function (name) { return String(name).replace(/-/g, '\u2011'); };
    if (phase && sc && sc.phases && sc.phases.length > 1) lines.push('phase: ' + nb(phase));
    lines.push(this.done ? 'finished' : 'mother: ' + nb(this.policy));
    this.el.status.innerHTML = '';
    const b = document.createElement('b');
    b.textContent = t.toFixed(1) + ' s';
    this.el.status.append(b);
    for (const l of lines) {
      const d = document.createElement('div');
      d.textContent = l;
      this.el.status.append(d);
    }
  };

  Dyad.prototype.showCounts = function (c) {
    const e = this.el;
    e.ruptures.textContent = c ? c.ruptures : 0;
    e.repairs.textContent = c ? c.repairs : 0;
    e.median.textContent = c && c.median_latency !== null ? fmt(c.median_latency) + ' s' : '\u2013';
    e.matched.textContent = c && c.matched_share !== null ? Math.round(100 * c.matched_share) + ' %' : '\u2013';
  };

  Dyad.prototype.addLog = function (kind, text) {
    const log = this.el.log;
    const li = document.createElement('li');
    if (kind) li.className = kind;
    li.textContent = text;
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.appendChild(li);
    while (log.childNodes.length > LOG_MAX) log.removeChild(log.firstChild);
    if (atBottom) log.scrollTop = log.scrollHeight;
  };

  /* ---------------- the page ---------------- */
  function fmt(x) { return Math.abs(x) >= 1e5 ? x.toExponential(0).replace('+', '') : String(Math.round(x * 100) / 100); }

  function copyText(input) {
    input.select();
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(input.value).catch(function () {});
    else document.execCommand('copy');
  }

  function setPlaying(on) {
    playing = on;
    stats.playing = on;
    const b = document.getElementById('play');
    b.innerHTML = on ? '&#10074;&#10074; Pause' : '&#9654; Play';
    for (const d of dyads) d.owed = 0;
  }

  function setSpeed(i) {
    speed = SPEEDS[i];
    stats.speed = speed;
    /* A pose eases into the next over two steps of 0.1 s at this speed (at
     * most 0.22 s), so that at 16x the faces do not lag behind the captions
     * by a whole pose. */
    const stepWall = 0.1 / speed;
    document.documentElement.style.setProperty('--pose', Math.min(0.22, Math.max(0.02, 2 * stepWall)).toFixed(3) + 's');
    document.getElementById('speed-out').textContent = speed + 'x';
    document.getElementById('speed').setAttribute('aria-valuetext', speed + 'x');
  }

  function bindTransport() {
    document.getElementById('play').addEventListener('click', function () {
      setPlaying(!playing);
      if (playing) for (const d of dyads) if (d.done) d.restart();
    });
    document.getElementById('step').addEventListener('click', function () {
      setPlaying(false);
      for (const d of dyads) if (d.run && !d.done) d.pendingSteps++;
    });
    const sp = document.getElementById('speed');
    sp.addEventListener('input', function () { setSpeed(Number(sp.value)); });
    setSpeed(Number(sp.value));
    document.addEventListener('keydown', function (ev) {
      if (ev.key === ' ' && ev.target === document.body) { ev.preventDefault(); document.getElementById('play').click(); }
    });
    window.addEventListener('pagehide', function () {
      for (const d of dyads) if (d.run && navigator.sendBeacon) navigator.sendBeacon('/api/runs/' + d.run.id + '/close');
    });
  }

  function loop() {
    let prev = performance.now(), frames = 0, since = prev;
    const fpsBox = document.getElementById('fps');
    function frame(now) {
      const dt = Math.min((now - prev) / 1000, 0.25);
      prev = now;
      let drew = false;
      for (const d of dyads) drew = d.tick(dt) || drew;
      if (drew) { frames++; stats.frames++; }
      if (now - since >= 1000) {
        stats.fps = Math.round(frames * 1000 / (now - since));
        fpsBox.textContent = stats.fps + ' fps';
        frames = 0;
        since = now;
      }
      if (playing && dyads.length && dyads.every(function (d) { return d.done; })) setPlaying(false);
      requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  }

  async function main() {
    const box = document.getElementById('page-error');
    try {
      info = await api('GET', '/api/info');
    } catch (err) {
      showError(box, 'Cannot reach the attune server: ' + err.message);
      return;
    }
    const tpl = document.getElementById('dyad-template');
    const holder = document.getElementById('dyads');
    for (let i = 0; i < 2; i++) {
      const root = tpl.content.firstElementChild.cloneNode(true);
      root.id = 'dyad' + (i + 1);
      /* two dyads of the same controls: a screen reader names each */
      root.setAttribute('aria-label', i === 0 ? 'left dyad' : 'right dyad');
      holder.appendChild(root);
      dyads.push(new Dyad(i, root));
    }
    bindTransport();
    await Promise.all(dyads.map(function (d) { return d.restart(); }));
    stats.ready = true;
    loop();
  }

  window.attune = { dyads: dyads, setSpeed: setSpeed, setPlaying: setPlaying };
  main();
})();
