/* offwire's embeddable ticker, for other sites. Served as /embed/ticker.js
 * wrapped in "(function (init) { ... })({seq, items})", so this file is the
 * body of that function: `init` holds the ticker as it was when the script
 * was served. A page includes it with a script element whose src is
 * https://WIRE/embed/ticker.js?section=sport (any filters) and, optionally,
 * data-target="some-id". It draws into the element with that id (or a <div> of its own after the
 * script), then follows the wire over the event stream (CORS allows it)
 * with the same filters as its own URL: source, section, priority, q.
 * Wire copy is only ever written as text, never as markup. */
'use strict';

var script = document.currentScript;
if (!script || !script.src || !window.EventSource) return;
var self = new URL(script.src, location.href);
var origin = self.origin;
var MAX = 20;
var LABELS = { flash: 'FLASH', bulletin: 'BULLETIN', urgent: 'URGENT' };

var host = null;
var targetId = script.getAttribute('data-target');
if (targetId) host = document.getElementById(targetId);
if (!host) {
  host = document.createElement('div');
  script.parentNode.insertBefore(host, script.nextSibling);
}

var box = document.createElement('div');
box.className = 'offwire-ticker';
box.setAttribute('role', 'region');
box.setAttribute('aria-label', 'Off the wire');
box.style.font = '14px/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif';
box.style.color = '#16181d';
box.style.background = '#fff';
box.style.border = '1px solid #d5d9df';
box.style.borderTop = '3px solid #b0121b';
box.style.padding = '8px 12px';

var title = document.createElement('a');
title.href = origin + '/';
title.target = '_blank';
title.rel = 'noopener';
title.textContent = 'Off the wire';
title.style.display = 'block';
title.style.font = 'bold 11px/1.6 system-ui, Arial, sans-serif';
title.style.letterSpacing = '0.1em';
title.style.textTransform = 'uppercase';
title.style.color = '#b0121b';
title.style.textDecoration = 'none';
box.appendChild(title);

var list = document.createElement('ul');
list.style.margin = '4px 0 0';
list.style.paddingLeft = '18px';
list.style.listStyle = 'disc';
box.appendChild(list);
host.appendChild(box);

function line(st) {
  var li = document.createElement('li');
  li.setAttribute('data-id', String(st.id));
  li.style.padding = '3px 0';
  var a = document.createElement('a');
  a.href = origin + '/stories/' + Number(st.id);
  a.target = '_blank';
  a.rel = 'noopener';
  a.style.color = 'inherit';
  var label = LABELS[st.priority];
  if (label) {
    var b = document.createElement('strong');
    b.textContent = label + ' ';
    b.style.color = '#b0121b';
    a.appendChild(b);
  }
  a.appendChild(document.createTextNode(st.headline || '(no headline)'));
  li.appendChild(a);
  return li;
}

function remove(id) {
  Array.prototype.forEach.call(list.children, function (li) {
    if (li.getAttribute('data-id') === String(id)) list.removeChild(li);
  });
}

(init.items || []).forEach(function (st) { list.appendChild(line(st)); });

var q = ['after=' + Number(init.seq || 0)];
['source', 'section', 'priority', 'q'].forEach(function (k) {
  var v = self.searchParams.get(k);
  if (v) q.push(k + '=' + encodeURIComponent(v));
});
var stream = new EventSource(origin + '/api/v1/stream?' + q.join('&'));

function story(e) {
  try {
    var d = JSON.parse(e.data);
    return d && d.story && typeof d.story.id === 'number' ? d.story : null;
  } catch (err) {
    return null;
  }
}

function upsert(e) {
  var st = story(e);
  if (!st) return;
  remove(st.id);
  if (st.state && st.state !== 'live') return;
  list.insertBefore(line(st), list.firstChild);
  while (list.children.length > MAX) list.removeChild(list.lastElementChild);
}

stream.addEventListener('version', upsert);
stream.addEventListener('release', upsert);
stream.addEventListener('kill', function (e) {
  var st = story(e);
  if (st) remove(st.id);
});
