// fazhi -- figure chips (issue 22): a report paragraph edited as text in
// which each figure shows as a chip with its Chinese name, never as {{…}}.
//
// Progressive enhancement.  The server sends a <textarea data-chips="QUERY">
// holding the paragraph's text with its placeholders ({{key|名称}},
// {{key|名称|条件:措辞|…}}, {{year}} …); without script the form posts that
// text as it is.  This script (loaded by app.js when such a textarea is on
// the page; no inline script or style: CSP) hides the textarea and shows in
// its place a contenteditable editor: the text as text, each placeholder as
// a chip (its figure's name; a × removes it), and a button 「插入数据项」
// that opens a searchable list of the figures by name (GET
// /api/v1/figures?QUERY: the names and the values for the report's year,
// unit and data date).  Every change writes the text back into the textarea
// with the chips as the very placeholders they stand for, so the form posts
// exactly what it would have posted.  A chip that chooses its words by the
// value (条件:措辞, report_say.c) opens from its name a panel with one text
// field per wording, its condition said in words; the conditions stay as
// they were written.
'use strict';
(function () {
  // the names of the placeholders that are not figures (report.c rpt_expand)
  var WORDS = [
    ['year', '年度'], ['next_year', '下一年度'], ['unit', '单位名称'], ['as_of', '数据截至日期'],
    ['as_of_month', '数据截至月份'], ['as_of_period', '数据截至旬']
  ];
  var FIGS = {};          // key -> {label, text} from the figures API

  function wordName(key) {
    for (var i = 0; i < WORDS.length; i++) if (WORDS[i][0] === key) return WORDS[i][1];
    return null;
  }

  // The Chinese name a chip shows for the placeholder's inside ("key|名称|…"),
  // and whether it chooses its words by the value.
  function chipName(inside) {
    var a = inside.split('|'), key = a[0].trim();
    var name = wordName(key) || (FIGS[key] && FIGS[key].label) || (a[1] && a[1].trim()) || '数据项';
    return { name: name, rule: a.length > 2 };
  }

  // The text split as the server reads it: "{{" up to the next "}}".
  function parts(text) {
    var out = [], at = 0;
    for (;;) {
      var i = text.indexOf('{{', at), j = i < 0 ? -1 : text.indexOf('}}', i + 2);
      if (i < 0 || j < 0) { if (at < text.length) out.push({ text: text.slice(at) }); break; }
      if (i > at) out.push({ text: text.slice(at, i) });
      out.push({ raw: text.slice(i, j + 2), inside: text.slice(i + 2, j) });
      at = j + 2;
    }
    return out;
  }

  function makeChip(raw, inside) {
    var n = chipName(inside);
    var c = document.createElement('span');
    c.className = 'chip' + (n.rule ? ' rule' : '');
    c.contentEditable = 'false';
    c.setAttribute('data-raw', raw);
    var t = document.createElement(n.rule ? 'button' : 'span');
    t.className = 'chip-t';
    if (n.rule) t.type = 'button';
    c.appendChild(t);
    var x = document.createElement('button');
    x.type = 'button';
    x.className = 'chip-x';
    x.textContent = '×';
    c.appendChild(x);
    nameChip(c);
    return c;
  }

  // (Re)write a chip's visible name and the title that says what it does.
  function nameChip(c) {
    var raw = c.getAttribute('data-raw'), n = chipName(raw.slice(2, -2));
    var key = raw.slice(2, -2).split('|')[0].trim(), f = FIGS[key];
    c.firstChild.textContent = n.name + (n.rule ? '·按数值措辞' : '');
    c.title = (n.rule ? '报告中按“' + n.name + '”的数值选择措辞，点名称修改措辞' : '报告中显示“' + n.name + '”') +
      (f ? '，目前为' + (f.text || '暂无记录') : '');
    c.lastChild.setAttribute('aria-label', '删除“' + n.name + '”');
  }

  // A placeholder's wording rules ("key|名称|条件:措辞|…|措辞") as the
  // server reads them (report_say.c): an alternative is conditional when it
  // starts with a comparison or a key and has a colon.
  function rules(inside) {
    var a = inside.split('|');
    return {
      head: a.slice(0, 2).join('|'),
      alts: a.slice(2).map(function (z) {
        var i = z.indexOf(':');
        return i > 0 && /^[=<>!a-z]/.test(z) ? { cond: z.slice(0, i), words: z.slice(i + 1) } : { cond: null, words: z };
      })
    };
  }
  var OPS = [['>=', '不少于'], ['<=', '不多于'], ['!=', '不为'], ['=', '为'], ['>', '多于'], ['<', '少于']];
  // A condition in words: 「数值为100时」, else 「满足另设的条件时」 (kept as written).
  function condName(c) {
    var m = /^(>=|<=|!=|=|>|<)(-?\d+(?:\.\d+)?)$/.exec(c);
    if (c === null) return '其他情况';
    if (!m) return '满足另设的条件时';
    for (var i = 0; i < OPS.length; i++) if (OPS[i][0] === m[1]) return '数值' + OPS[i][1] + m[2] + '时';
    return '满足另设的条件时';
  }
  // Words as typed made safe for the placeholder: no bar or closing braces
  // (their full-width forms), and no unconditional words read as a condition.
  function safeWords(w, bCond) {
    w = w.replace(/\|/g, '｜').replace(/\}/g, '｝').replace(/\{/g, '｛');
    if (!bCond && /^[=<>!a-z]/.test(w)) w = w.replace(/:/g, '：');
    return w;
  }

  // The editor's text with each chip as its placeholder.
  function serialize(ed) {
    var s = '';
    (function walk(node) {
      Array.prototype.forEach.call(node.childNodes, function (n) {
        if (n.nodeType === 3) { s += n.nodeValue; return; }
        if (n.nodeType !== 1) return;
        if (n.classList.contains('chip')) { s += n.getAttribute('data-raw'); return; }
        if (n.tagName === 'BR') { if (n !== ed.lastChild) s += '\n'; return; }
        if ((n.tagName === 'DIV' || n.tagName === 'P') && s && s[s.length - 1] !== '\n') s += '\n';
        walk(n);
      });
    })(ed);
    return s.replace(/\u00a0/g, ' ');
  }

  function render(ed, text) {
    ed.textContent = '';
    parts(text).forEach(function (p) {
      ed.appendChild(p.raw ? makeChip(p.raw, p.inside) : document.createTextNode(p.text));
    });
  }

  function upgrade(ta) {
    var field = ta.closest('.field') || ta.parentNode;
    var label = field.querySelector('label[for="' + ta.id + '"]');
    var box = document.createElement('div'), bar = document.createElement('div');
    var ed = document.createElement('div'), pick = document.createElement('div');
    var add = document.createElement('button'), search = document.createElement('input');
    var list = document.createElement('ul'), close = document.createElement('button');
    var note = document.createElement('div');
    var saved = null;          // where the caret was in the editor

    box.className = 'chips';
    bar.className = 'chips-bar';
    add.type = 'button';
    add.className = 'btn chips-add';
    add.textContent = '插入数据项';
    add.setAttribute('aria-expanded', 'false');
    bar.appendChild(add);
    ed.className = 'chips-ed';
    ed.contentEditable = 'true';
    ed.setAttribute('role', 'textbox');
    ed.setAttribute('aria-multiline', 'true');
    ed.spellcheck = false;
    if (label) {
      if (!label.id) label.id = ta.id + '-label';
      ed.setAttribute('aria-labelledby', label.id);
      label.addEventListener('click', function (e) { e.preventDefault(); ed.focus(); });
    }
    pick.className = 'chips-pick';
    pick.setAttribute('role', 'dialog');
    pick.setAttribute('aria-label', '选择数据项');
    pick.hidden = true;
    search.type = 'search';
    search.className = 'chips-search';
    search.placeholder = '按名称查找，如：配备率';
    search.setAttribute('aria-label', '按名称查找数据项');
    list.className = 'chips-list';
    note.className = 'chips-note';
    close.type = 'button';
    close.className = 'btn chips-close';
    close.textContent = '关闭';
    pick.appendChild(search);
    pick.appendChild(note);
    pick.appendChild(list);
    pick.appendChild(close);
    box.appendChild(bar);
    box.appendChild(pick);
    box.appendChild(ed);
    ta.parentNode.insertBefore(box, ta);
    ta.hidden = true;
    render(ed, ta.value);
    var hint = field.querySelector('.hint');
    if (hint) {
      hint.textContent = '数据项显示为其名称，报告中替换为所选年度、单位和截至日期的数值。' +
        '点“插入数据项”在光标处加入，点数据项右边的 × 删除。';
    }

    function sync() { ta.value = serialize(ed); }
    function caretToEnd() {
      var r = document.createRange();
      r.selectNodeContents(ed);
      r.collapse(false);
      return r;
    }
    document.addEventListener('selectionchange', function () {
      var s = window.getSelection();
      if (s.rangeCount && ed.contains(s.getRangeAt(0).startContainer)) saved = s.getRangeAt(0).cloneRange();
    });
    ed.addEventListener('input', sync);
    ed.addEventListener('paste', function (e) {       // text only, as typed
      e.preventDefault();
      var t = (e.clipboardData || window.clipboardData).getData('text/plain');
      document.execCommand('insertText', false, t);
    });
    ed.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); document.execCommand('insertText', false, '\n'); }
    });
    ed.addEventListener('click', function (e) {
      var x = e.target.closest('.chip-x');
      if (!x) return;
      var c = x.parentNode, r = document.createRange();
      r.setStartBefore(c);
      r.collapse(true);
      c.remove();
      sync();
      ed.focus();
      var s = window.getSelection();
      s.removeAllRanges();
      s.addRange(r);
    });
    // a change made to the textarea itself (another script, a test) shows
    ta.addEventListener('input', function () { render(ed, ta.value); });

    // the wordings of a rule chip: one text field per alternative, its
    // condition in words; 确定 writes them into the chip's placeholder
    var rulePanel = null;
    function editRules(c) {
      if (rulePanel) rulePanel.remove();
      var raw = c.getAttribute('data-raw'), rs = rules(raw.slice(2, -2)), n = chipName(raw.slice(2, -2));
      var pn = document.createElement('div'), p = document.createElement('p');
      var ok = document.createElement('button'), no = document.createElement('button');
      var inputs = [];
      pn.className = 'chips-rule';
      pn.setAttribute('role', 'dialog');
      pn.setAttribute('aria-label', '“' + n.name + '”的措辞');
      p.textContent = '报告按“' + n.name + '”的数值，说第一条条件成立的措辞。措辞中 # 为数值，[分子] [分母] 为比率的' +
        '分子分母，[名单] 为未达标的单位，[较上年] 为与上年同期的比较；留空的措辞不说。';
      pn.appendChild(p);
      rs.alts.forEach(function (a, i) {
        var f = document.createElement('div'), l = document.createElement('label'), t = document.createElement('textarea');
        f.className = 'field';
        t.id = ta.id + '-rule-' + i;
        t.rows = 2;
        t.value = a.words;
        l.htmlFor = t.id;
        l.textContent = condName(a.cond);
        f.appendChild(l);
        f.appendChild(t);
        pn.appendChild(f);
        inputs.push(t);
      });
      ok.type = no.type = 'button';
      ok.className = 'btn primary chips-rule-ok';
      no.className = 'btn chips-rule-no';
      ok.textContent = '确定';
      no.textContent = '取消';
      pn.appendChild(ok);
      pn.appendChild(no);
      box.insertBefore(pn, ed.nextSibling);
      rulePanel = pn;
      inputs.length && inputs[0].focus();
      function done() { pn.remove(); rulePanel = null; ed.focus(); }
      no.addEventListener('click', done);
      pn.addEventListener('keydown', function (e) { if (e.key === 'Escape') { e.preventDefault(); done(); } });
      ok.addEventListener('click', function () {
        var alts = rs.alts.map(function (a, i) {
          var w = safeWords(inputs[i].value.replace(/\n/g, ''), a.cond !== null);
          return a.cond !== null ? a.cond + ':' + w : w;
        });
        c.setAttribute('data-raw', '{{' + [rs.head].concat(alts).join('|') + '}}');
        nameChip(c);
        sync();
        done();
      });
    }
    ed.addEventListener('click', function (e) {
      var t = e.target.closest('.chip.rule .chip-t');
      if (t) editRules(t.parentNode);
    });

    function insert(raw) {
      var r = saved && ed.contains(saved.startContainer) ? saved : caretToEnd();
      var c = makeChip(raw, raw.slice(2, -2));
      r.deleteContents();
      r.insertNode(c);
      r.setStartAfter(c);
      r.collapse(true);
      saved = r;
      sync();
      openPick(false);
      ed.focus();
      var s = window.getSelection();
      s.removeAllRanges();
      s.addRange(r);
    }
    function item(raw, name, sub) {
      var li = document.createElement('li'), b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('data-raw', raw);
      b.appendChild(document.createTextNode(name));
      if (sub) {
        var v = document.createElement('span');
        v.className = 'sub';
        v.textContent = sub;
        b.appendChild(v);
      }
      li.appendChild(b);
      li.setAttribute('data-name', name);
      list.appendChild(li);
    }
    function fill() {
      list.textContent = '';
      WORDS.forEach(function (w) { item('{{' + w[0] + '}}', w[1], '通用'); });
      Object.keys(FIGS).forEach(function (k) {
        var f = FIGS[k];
        if (!f.detail) item('{{' + k + '|' + f.label + '}}', f.label, f.text ? '目前为' + f.text : '暂无记录');
      });
    }
    function filter() {
      var q = search.value.trim(), n = 0;
      Array.prototype.forEach.call(list.children, function (li) {
        var show = !q || li.getAttribute('data-name').indexOf(q) >= 0;
        li.hidden = !show;
        if (show) n++;
      });
      note.textContent = n ? '' : '没有名称含“' + q + '”的数据项';
    }
    function openPick(open) {
      pick.hidden = !open;
      add.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) { search.value = ''; filter(); search.focus(); } else add.focus();
    }
    add.addEventListener('click', function () { openPick(pick.hidden); });
    close.addEventListener('click', function () { openPick(false); });
    search.addEventListener('input', filter);
    pick.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { e.preventDefault(); openPick(false); }
      if (e.key === 'Enter' && e.target === search) {
        e.preventDefault();
        var first = list.querySelector('li:not([hidden]) button');
        if (first) insert(first.getAttribute('data-raw'));
      }
    });
    list.addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (b) insert(b.getAttribute('data-raw'));
    });
    fill();

    var q = ta.getAttribute('data-chips') || '';
    fetch('/api/v1/figures' + (q ? '?' + q : ''), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (j) {
        (j.items || []).forEach(function (f) {
          FIGS[f.key] = { label: f.label, text: f.known ? f.text : null, detail: f.detail };
        });
        fill();
        Array.prototype.forEach.call(ed.querySelectorAll('.chip'), nameChip);
        box.setAttribute('data-ready', '1');
      })
      .catch(function () {
        note.textContent = '数据项列表暂时无法读取，可稍后刷新页面再插入';
        box.setAttribute('data-ready', '0');
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll('textarea[data-chips]'), upgrade);
})();
