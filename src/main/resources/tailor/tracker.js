/* Tailor first-party tracker. No dependencies, no third-party requests.
   Reports page views, engaged time per [data-section] (the one section at the viewport's focus,
   while the page is visible and focused), max scroll depth, [data-goal] clicks, JavaScript errors and
   a page that failed to render (render_error, from the render watchdog of Tailor's builds),
   in batches sent with sendBeacon to /api/track (or data-endpoint); a single-page app's pushState/popstate
   navigations are page views too. The visitor is identified by the signed first-party cookie the server set;
   nothing is sent when the browser asks not to be tracked, nor before consent when the server requires it
   (window.tailor.consent(true), or the page's IAB TCF v2 or Google Consent Mode state). */
(function () {
  "use strict";
  var w = window, d = document, n = navigator;
  if (n.globalPrivacyControl === true || n.doNotTrack === "1" || w.doNotTrack === "1" || w.__tailor) {
    w.tailor = w.tailor || { consent: function () {} };
    // nothing to report from here: the render watchdog waiting for the report may reload now
    if (w.__tailorRenderFailure && !w.__tailor) w.dispatchEvent(new Event("tailor:render-failure-handled"));
    return;
  }
  w.__tailor = true;

  var me = d.currentScript, ENDPOINT = (me && me.getAttribute("data-endpoint")) || "/api/track";
  var allowed = w.tailorConsent !== "required" || /(^|; *)tailor_consent=yes(;|$)/.test(d.cookie);
  var FLUSH_MS = 10000, IDLE_MS = 30 * 60 * 1000, MAX_QUEUE = 400;
  var queue = [], dwell = {}, maxScroll = 0, reportedScroll = 0, errors = 0, sess;

  function rid() {
    var a = new Uint8Array(12);
    w.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  // Session id, shared by the site's tabs, rolls after 30 minutes without an event.
  function session() {
    var now = Date.now(), s;
    try { s = JSON.parse(localStorage.getItem("tailor_session")); } catch (e) { s = sess; }
    if (!s || !s.id || now - s.last > IDLE_MS) s = { id: rid() };
    s.last = now;
    sess = s;
    try { localStorage.setItem("tailor_session", JSON.stringify(s)); } catch (e) { /* private mode: kept in memory */ }
    return s.id;
  }
  // Device class from the browser's own hints (tablets first: iPad UAs say "Mobile" too);
  // screen size only where the pointer is touch.
  var ua = n.userAgent, small = Math.min(screen.width, screen.height) < 600,
    touch = w.matchMedia && matchMedia("(pointer:coarse)").matches;
  var device = /iPad|Tablet|Silk|Kindle|PlayBook/i.test(ua) || (/Android/i.test(ua) && !/Mobile/i.test(ua))
      || (/Macintosh/.test(ua) && n.maxTouchPoints > 1) ? "tablet"
    : (n.userAgentData && n.userAgentData.mobile) || /Mobi|iPhone|iPod|Android/i.test(ua) || (touch && small) ? "mobile"
    : touch ? "tablet" : "desktop";

  function push(type, fields) {
    if (!allowed) return;
    var e = { event_id: rid(), event: type, session_id: session(), device: device, ts: Date.now() };
    if (n.webdriver) e.webdriver = true; // browser automation says so: the server leaves it out of experiments
    for (var k in fields) e[k] = fields[k];
    if (queue.length < MAX_QUEUE) queue.push(e);
  }
  function engaged() { return d.visibilityState === "visible" && (!d.hasFocus || d.hasFocus()); }

  // Dwell: only the focused section accrues, so a visit's engaged seconds add up to at most its wall
  // time. Focused: covers most of the focus band (the viewport's middle half; its lower half at the
  // page's very end, which the last sections never leave), at least a quarter; tie: inner, else upper.
  // A tick credits the time since the last one to the section focused then (rule: docs/tracking.md).
  var sections = [], focus = null, lastTick = Date.now(), wasEngaged = engaged();
  function focused() {
    var h = w.innerHeight, e = d.documentElement, y = w.pageYOffset || e.scrollTop,
      end = y > 0 && e.scrollHeight - e.clientHeight - y < 2, top = end ? h / 2 : h / 4, bottom = end ? h : 3 * h / 4,
      best = null, most = h / 8;
    sections.forEach(function (el) {
      var r = el.getBoundingClientRect(), px = Math.min(r.bottom, bottom) - Math.max(r.top, top);
      if (px > most || (px === most && (!best || best.contains(el)))) { best = el; most = px; }
    });
    return best && best.getAttribute("data-section");
  }
  function tick() {
    var now = Date.now(), dt = now - lastTick, was = wasEngaged, s = focus;
    lastTick = now;
    wasEngaged = engaged();
    focus = focused();
    if (was && s && dt <= 5000) dwell[s] = (dwell[s] || 0) + dt; // a hidden, unfocused or frozen page does not count
  }
  function drainDwell() {
    tick();
    for (var s in dwell) {
      if (dwell[s] >= 250) { // shorter glances are kept until they add up
        push("section_dwell", { section: s, time_spent: Math.round(dwell[s]) / 1000 });
        dwell[s] = 0;
      }
    }
  }
  function observe() {
    function scan() {
      sections = sections.filter(function (el) { return el.isConnected; });
      d.querySelectorAll("[data-section]").forEach(function (el) {
        // a sticky or fixed bar (navigation) is in view all the time: its "dwell" says nothing of interest
        if (!el.__tailor && !/^(sticky|fixed)$/.test(getComputedStyle(el).position)) { el.__tailor = 1; sections.push(el); }
      });
      tick();
    }
    scan();
    if (w.MutationObserver) new MutationObserver(scan).observe(d.body, { childList: true, subtree: true });
  }

  function onScroll() {
    var h = d.documentElement, total = h.scrollHeight - h.clientHeight;
    var pct = total <= 0 ? 100 : Math.min(100, Math.round(100 * (w.pageYOffset || h.scrollTop) / total));
    if (pct > maxScroll) maxScroll = pct;
    tick(); // the focus may have moved
  }

  function flush() {
    drainDwell();
    if (maxScroll > reportedScroll) {
      push("scroll", { scroll_depth: maxScroll });
      reportedScroll = maxScroll;
    }
    if (!queue.length) return;
    var batch = queue.splice(0, queue.length), body = JSON.stringify({ events: batch }), sent = false;
    try { sent = n.sendBeacon(ENDPOINT, new Blob([body], { type: "application/json" })); } catch (e) { /* fall back */ }
    // (a beacon's transport is the browser's, which resends a request whose reused connection closed unanswered)
    // a fetch that got no answer (a connection the server closed, a network error) goes again with the next
    // flush: the same event ids, which the server keeps once
    if (!sent && w.fetch) fetch(ENDPOINT, { method: "POST", body: body, keepalive: true, credentials: "same-origin",
      headers: { "Content-Type": "application/json" } }).catch(function () {
      queue.unshift.apply(queue, batch.slice(0, Math.max(0, MAX_QUEUE - queue.length)));
    });
  }
  var path;
  function pageView() {
    path = location.pathname;
    push("page_view", { page: (path.replace(/^\/+/, "").replace(/\W+/g, "_") || "home").slice(0, 100) });
    flush(); // the profile should know about a visit right away
  }
  // A single-page app's navigation: the old page's dwell and scroll are sent, then the new page's view.
  // Only a new path counts (not a query, a hash or a replaceState).
  function navigated() {
    if (location.pathname === path) return;
    flush();
    maxScroll = reportedScroll = 0;
    pageView();
    onScroll();
  }
  var pushState = history.pushState;
  history.pushState = function () { var r = pushState.apply(this, arguments); navigated(); return r; };
  w.addEventListener("popstate", navigated);

  d.addEventListener("click", function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-goal]") : null;
    if (!el) return;
    var sec = el.closest("[data-section]");
    push("goal", { goal: el.getAttribute("data-goal"), section: sec ? sec.getAttribute("data-section") : undefined });
    flush(); // a goal often navigates away: send it now
  }, true);
  w.addEventListener("error", function (ev) {
    if (errors++ < 20) push("error", { message: String(ev.message || "error").slice(0, 200) });
  });
  // The page failed to render, as its render watchdog saw it (rule: docs/tracking.md): reported once, and
  // at once, since the watchdog may reload the page. Which variant it was the server decides, from the build.
  // The watchdog waits for this tracker before it reloads: told once the report is sent (sendBeacon outlives
  // the page), or that none may be sent (no consent yet).
  var renderReported;
  function renderFailed() {
    var f = w.__tailorRenderFailure;
    if (!f) return;
    if (!renderReported && allowed) {
      renderReported = true;
      push("render_error", { artifact: f.artifact, reason: f.reason, message: f.message || undefined });
      flush();
    }
    w.dispatchEvent(new Event("tailor:render-failure-handled"));
  }
  w.addEventListener("tailor:render-failure", renderFailed);
  w.addEventListener("scroll", onScroll, { passive: true });
  d.addEventListener("visibilitychange", function () {
    if (d.visibilityState === "hidden") flush(); else tick();
  });
  w.addEventListener("pagehide", flush);
  w.addEventListener("pageshow", function (ev) { if (ev.persisted) { tick(); pageView(); } }); // back/forward cache
  w.addEventListener("blur", tick);
  w.addEventListener("focus", tick);
  setInterval(function () { if (engaged()) flush(); }, FLUSH_MS);
  setInterval(tick, 1000);

  function start() {
    pageView();
    renderFailed(); // one the watchdog saw before the tracker loaded
    if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", function () { observe(); onScroll(); });
    else { observe(); onScroll(); }
  }
  w.tailor = w.tailor || {};
  w.tailor.consent = function (yes) {
    yes = yes === true;
    if (!yes) { allowed = false; queue.length = 0; }
    return fetch(ENDPOINT.replace(/track$/, "consent"), { method: "POST",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ consent: yes }) })
      .then(function () { if (yes && !allowed) { allowed = true; start(); } }, function () {});
  };
  if (allowed) start();
  else renderFailed(); // not allowed to report one the watchdog saw: it may reload now

  // Consent managers, when consent is required (rule: docs/tracking.md): each reports a state, and a
  // state other than Tailor's own is passed to tailor.consent. IAB TCF v2: purposes 1 (store on the
  // device), 5 and 6 (a profile to personalise content, and its use), by the visitor or for the publisher.
  var tcf, gcm, asked;
  function cmp(yes) { if (yes !== (asked == null ? allowed : asked)) w.tailor.consent(asked = yes); }
  function hooks() {
    if (!tcf && typeof w.__tcfapi === "function") {
      tcf = 1;
      w.__tcfapi("addEventListener", 2, function (t, ok) {
        if (!ok || !t || (t.eventStatus !== "tcloaded" && t.eventStatus !== "useractioncomplete")) return;
        cmp(t.gdprApplies === false || [1, 5, 6].every(function (p) {
          return (t.purpose && t.purpose.consents && t.purpose.consents[p]) || (t.publisher && t.publisher.consents && t.publisher.consents[p]);
        }));
      });
    }
    // Google Consent Mode: gtag("consent", "default"|"update", {personalization_storage: …}) in the dataLayer
    var dl = w.dataLayer;
    if (!gcm && dl && dl.push) {
      gcm = 1;
      var seen = function (a) {
        if (a && a[0] === "consent" && a[2] && a[2].personalization_storage) cmp(a[2].personalization_storage === "granted");
      }, add = dl.push;
      Array.prototype.forEach.call(dl, seen);
      dl.push = function (a) { var r = add.apply(dl, arguments); seen(a); return r; };
    }
  }
  if (w.tailorConsent === "required") {
    hooks();
    w.addEventListener("load", hooks); // a consent manager loaded after the tracker
  }
})();
