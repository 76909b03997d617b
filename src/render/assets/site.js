/* offwire site script. Two things, both optional (every page works without
 * it): the text-size control acts at once instead of reloading, and the
 * ticker and story lists follow the wire live over the event stream
 * (/api/v1/stream): a new version moves its line to the top, a release adds
 * it, a kill removes the story everywhere on the page.
 * Wire copy only ever reaches the page as text nodes, never as markup. */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement;
  var SIZES = ['small', 'normal', 'large'];
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug',
    'Sep', 'Oct', 'Nov', 'Dec'];
  var LABELS = { flash: 'FLASH', bulletin: 'BULLETIN', urgent: 'URGENT' };

  function each(sel, fn, scope) {
    Array.prototype.forEach.call((scope || doc).querySelectorAll(sel), fn);
  }

  /* ------------------------------------------------------ text size */

  function setSize(size) {
    SIZES.forEach(function (s) { root.classList.remove('fs-' + s); });
    if (size !== 'normal') root.classList.add('fs-' + size);
    doc.cookie = 'fs=' + size + '; Path=/; Max-Age=31536000; SameSite=Lax';
    each('a[data-fs]', function (a) {
      if (a.getAttribute('data-fs') === size) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    });
  }

  doc.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[data-fs]') : null;
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var size = a.getAttribute('data-fs');
    if (SIZES.indexOf(size) < 0) return;
    e.preventDefault();
    setSize(size);
  });

  /* ----------------------------------------------------- live lines */

  var body = doc.body;
  var embed = body.classList.contains('embed');

  function el(tag, cls, text) {
    var n = doc.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function shortTime(iso) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(iso || '');
    if (!m) return null;
    var t = el('time', null, MONTHS[+m[2] - 1] + ' ' + (+m[3]) + ', ' + m[4] + ':' + m[5] + ' UTC');
    t.setAttribute('datetime', iso);
    return t;
  }

  function headlineLink(st, cls) {
    var a = el('a', cls);
    a.href = '/stories/' + st.id;
    if (embed) { a.target = '_blank'; a.rel = 'noopener'; }
    var label = LABELS[st.priority];
    if (label) {
      a.appendChild(el('span', 'pri pri-' + st.priority, label));
      a.appendChild(doc.createTextNode(' '));
    }
    a.appendChild(doc.createTextNode(st.headline || '(no headline)'));
    return a;
  }

  function tickerLine(st, sources) {
    var li = el('li');
    li.setAttribute('data-id', String(st.id));
    li.appendChild(headlineLink(st));
    if (st.cluster) {
      li.setAttribute('data-cluster', String(st.cluster));
      li.setAttribute('data-sources', sources.join('|'));
      if (sources.length > 1) {
        li.appendChild(doc.createTextNode(' '));
        li.appendChild(el('span', 'sources', sources.length + ' sources'));
      }
    }
    return li;
  }

  /* One ticker line per event: a report of an event already on the ticker
   * takes that line's place at the top and adds its agency to the count. */
  function placeTicker(list, st) {
    var sources = st.source ? [st.source] : [];
    if (st.cluster) {
      var same = list.querySelector(':scope > [data-cluster="' + st.cluster + '"]');
      if (same) {
        (same.getAttribute('data-sources') || '').split('|').forEach(function (s) {
          if (s && sources.indexOf(s) < 0) sources.push(s);
        });
        if (same.getAttribute('data-id') !== String(st.id)) list.removeChild(same);
      }
    }
    place(list, tickerLine(st, sources), st.id);
  }

  function storyLine(st) {
    var li = el('li', 'item');
    li.setAttribute('data-id', String(st.id));
    li.appendChild(headlineLink(st, 'hl'));
    li.appendChild(doc.createTextNode(' '));
    var meta = el('span', 'meta');
    if (st.source) {
      meta.appendChild(el('span', 'src', st.source));
      meta.appendChild(doc.createTextNode(' '));
    }
    var t = shortTime(st.versioncreated);
    if (t) meta.appendChild(t);
    li.appendChild(meta);
    return li;
  }

  function lineOf(list, id) {
    return list.querySelector(':scope > [data-id="' + id + '"]');
  }

  /* Puts `line` at the top of `list`, replacing the story's old line. */
  function place(list, line, id) {
    var old = lineOf(list, id);
    if (old) list.removeChild(old);
    list.insertBefore(line, list.firstChild);
    line.classList.add('fresh');
    var max = parseInt(list.getAttribute('data-max'), 10) || 20;
    while (list.children.length > max) list.removeChild(list.lastElementChild);
    var empty = list.parentNode && list.parentNode.querySelector('.embed-empty');
    if (empty) empty.parentNode.removeChild(empty);
  }

  function drop(list, id) {
    var old = lineOf(list, id);
    if (old) list.removeChild(old);
  }

  function say(text, href, linkText) {
    var s = doc.querySelector('.live-status');
    if (!s) return;
    s.textContent = text + ' ';
    if (href) {
      var a = el('a', null, linkText);
      a.href = href;
      s.appendChild(a);
    }
  }

  /* A story's sections, from the API: [{name, literal}], [] for none,
   * null when it cannot be read. */
  function sectionsOf(id) {
    return fetch('/api/v1/stories/' + id, { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { return j ? (j.subjects || []) : null; })
      .catch(function () { return null; });
  }

  function subjectKey(s) { return s.name || s.literal || ''; }

  function matchesSection(subjects, key, firstOnly) {
    var k = key.toLowerCase();
    var list = firstOnly ? subjects.slice(0, 1) : subjects;
    return list.some(function (s) {
      return (s.name && s.name.toLowerCase() === k) || s.literal === key;
    });
  }

  var blockCount = 0;

  /* A new home block for a section the page does not show yet. */
  function newBlock(name) {
    var blocks = doc.querySelector('[data-live-blocks]');
    if (!blocks) return null;
    var id = 'sec-live-' + (++blockCount);
    var sec = el('section', 'block');
    sec.setAttribute('aria-labelledby', id);
    var h = el('h2', 'block-title');
    h.id = id;
    var a = el('a', null, name);
    a.href = '/sections/' + encodeURIComponent(name);
    h.appendChild(a);
    var ul = el('ul', 'stories');
    ul.setAttribute('data-live', 'list');
    ul.setAttribute('data-accept', 'first-section');
    ul.setAttribute('data-key', name);
    ul.setAttribute('data-max', '6');
    sec.appendChild(h);
    sec.appendChild(ul);
    blocks.insertBefore(sec, blocks.firstChild);
    return ul;
  }

  function onStory(st) {
    each('[data-live="ticker"]', function (list) { placeTicker(list, st); });
    var article = doc.querySelector('article.story[data-id="' + st.id + '"]');
    if (article && !article.classList.contains('killed')) {
      say('This story has been updated.', '/stories/' + st.id, 'Read the latest version');
    }
    var lists = Array.prototype.slice.call(doc.querySelectorAll('[data-live="list"]'));
    if (!lists.length) return;
    var needSections = lists.some(function (l) {
      return /section|latest/.test(l.getAttribute('data-accept') || '');
    });
    var apply = function (subjects) {
      var placed = false;
      lists.forEach(function (l) {
        var accept = l.getAttribute('data-accept') || 'none';
        var key = l.getAttribute('data-key') || '';
        var has = !!lineOf(l, st.id);
        var ok = has;
        if (accept === 'source') ok = st.source === key;
        else if (subjects && accept === 'section') ok = matchesSection(subjects, key, false);
        else if (subjects && accept === 'first-section') ok = matchesSection(subjects, key, true);
        else if (subjects && accept === 'latest') ok = subjects.length === 0;
        if (ok) {
          place(l, storyLine(st), st.id);
          if (accept !== 'source') placed = true;
        } else if (has) {
          drop(l, st.id);
        }
      });
      if (!placed && subjects && subjects.length) {
        var ul = newBlock(subjectKey(subjects[0]));
        if (ul) place(ul, storyLine(st), st.id);
      }
    };
    if (needSections) sectionsOf(st.id).then(apply);
    else apply(null);
  }

  function onKill(st) {
    each('[data-live] > [data-id="' + st.id + '"]', function (n) { n.parentNode.removeChild(n); });
    var article = doc.querySelector('article.story[data-id="' + st.id + '"]');
    if (article && !article.classList.contains('killed')) {
      article.classList.add('killed');
      var note = el('div', 'kill-notice');
      note.setAttribute('role', 'note');
      note.appendChild(el('p', null, 'This story has been withdrawn by the agency and must not be published.'));
      var head = article.querySelector('.story-head');
      article.insertBefore(note, head ? head.nextSibling : article.firstChild);
      say('This story has been withdrawn.');
    }
  }

  function parse(e) {
    try {
      var d = JSON.parse(e.data);
      return d && d.story && typeof d.story.id === 'number' ? d.story : null;
    } catch (err) {
      return null;
    }
  }

  /* --------------------------------------------------------- stream */

  var watching = doc.querySelector('[data-live], article.story[data-id]');
  if (!watching || !window.EventSource || !window.fetch) return;

  var source = null;

  function connect() {
    var q = [];
    var seq = body.getAttribute('data-seq');
    if (/^\d+$/.test(seq || '')) q.push('after=' + seq);
    var extra = body.getAttribute('data-stream');
    if (extra) q.push(extra);
    source = new EventSource('/api/v1/stream' + (q.length ? '?' + q.join('&') : ''));
    var upsert = function (e) {
      var st = parse(e);
      if (!st) return;
      if (st.state && st.state !== 'live') onKill(st);
      else onStory(st);
    };
    source.addEventListener('version', upsert);
    source.addEventListener('release', upsert);
    source.addEventListener('kill', function (e) {
      var st = parse(e);
      if (st) onKill(st);
    });
    /* the browser reconnects by itself, resuming at the last event id */
  }

  window.addEventListener('pagehide', function () {
    if (source) source.close();
    source = null;
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted && !source) connect();
  });
  connect();
})();
