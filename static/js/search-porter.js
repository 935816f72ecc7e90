// The classic Porter stemmer, a line-by-line port of
// github.com/blevesearch/go-porterstemmer v1.0.3 (StemWithoutLowerCasing),
// which bleve's "en" analyzer uses. It keeps that package's departures from
// Porter's paper ("bli" for "abli", "logi") and works on code points like
// the Go code works on runes: anything but a, e, i, o, u (and y after a
// consonant) is a consonant. search/node_test.go checks it against bleve over
// large word lists.
ftpdocsSearch('porter', (function () {
  'use strict';

  function isC(s, i) {
    switch (s[i]) {
      case 'a': case 'e': case 'i': case 'o': case 'u': return false;
      case 'y': return i === 0 ? true : !isC(s, i - 1);
      default: return true;
    }
  }

  function measure(s) {
    const n = s.length;
    let m = 0, i = 0;
    if (n === 0) return 0;
    while (isC(s, i)) {
      i++;
      if (i >= n) return m;
    }
    outer: while (i < n) {
      while (!isC(s, i)) {
        i++;
        if (i >= n) break outer;
      }
      while (isC(s, i)) {
        i++;
        if (i >= n) { m++; break outer; }
      }
      m++;
    }
    return m;
  }

  // ends is go-porterstemmer's hasSuffix: s must be longer than the suffix.
  function ends(s, suf) {
    const n = s.length, k = suf.length;
    if (n <= k) return false;
    for (let i = 0; i < k; i++) if (s[n - k + i] !== suf[i]) return false;
    return true;
  }

  function hasVowel(s) {
    for (let i = 0; i < s.length; i++) if (!isC(s, i)) return true;
    return false;
  }

  function doubleC(s) {
    const n = s.length;
    return n >= 2 && s[n - 1] === s[n - 2] && isC(s, n - 1);
  }

  function cvc(s) {
    const n = s.length;
    return n >= 3 && isC(s, n - 3) && !isC(s, n - 2) && isC(s, n - 1);
  }

  const head = (s, k) => s.slice(0, k);
  const withLast = (s, c) => { s = s.slice(); s[s.length - 1] = c; return s; };

  function step1a(s) {
    const n = s.length;
    if (ends(s, 'sses')) return head(s, n - 2);
    if (ends(s, 'ies')) return head(s, n - 2);
    if (ends(s, 'ss')) return s;
    if (ends(s, 's')) return head(s, n - 1);
    return s;
  }

  function step1bTail(s, sub, k, isIng) {
    // sub is s without the suffix "ed" or "ing" (k = its length).
    const n = s.length;
    if (ends(sub, 'at') || ends(sub, 'bl') || ends(sub, 'iz')) {
      const r = head(s, n - k + 1);
      return isIng ? withLast(r, 'e') : r;
    }
    let c = sub[sub.length - 1];
    if (c !== 'l' && c !== 's' && c !== 'z' && doubleC(sub)) return head(sub, sub.length - 1);
    c = sub[sub.length - 1];
    if (measure(sub) === 1 && cvc(sub) && c !== 'w' && c !== 'x' && c !== 'y') {
      return withLast(head(s, n - k + 1), 'e');
    }
    return sub;
  }

  function step1b(s) {
    const n = s.length;
    if (ends(s, 'eed')) {
      return measure(head(s, n - 3)) > 0 ? head(s, n - 1) : s;
    }
    if (ends(s, 'ed')) {
      const sub = head(s, n - 2);
      return hasVowel(sub) ? step1bTail(s, sub, 2, false) : s;
    }
    if (ends(s, 'ing')) {
      const sub = head(s, n - 3);
      return hasVowel(sub) ? step1bTail(s, sub, 3, true) : s;
    }
    return s;
  }

  function step1c(s) {
    const n = s.length;
    if (n < 2) return s;
    if (s[n - 1] === 'y' && hasVowel(head(s, n - 1))) return withLast(s, 'i');
    if (s[n - 1] === 'Y' && hasVowel(head(s, n - 1))) return withLast(s, 'I');
    return s;
  }

  // Rules of steps 2 and 3: [suffix, edits]. Edits is a function of s (when
  // the measure of the stem before the suffix is > 0) returning the new s.
  const set = (s, i, c) => { s = s.slice(); s[i] = c; return s; };
  const step2Rules = [
    ['ational', (s, n) => head(set(s, n - 5, 'e'), n - 4)],
    ['tional', (s, n) => head(s, n - 2)],
    ['enci', (s, n) => set(s, n - 1, 'e')],
    ['anci', (s, n) => set(s, n - 1, 'e')],
    ['izer', (s, n) => head(s, n - 1)],
    ['bli', (s, n) => set(s, n - 1, 'e')],
    ['alli', (s, n) => head(s, n - 2)],
    ['entli', (s, n) => head(s, n - 2)],
    ['eli', (s, n) => head(s, n - 2)],
    ['ousli', (s, n) => head(s, n - 2)],
    ['ization', (s, n) => head(set(s, n - 5, 'e'), n - 4)],
    ['ation', (s, n) => head(set(s, n - 3, 'e'), n - 2)],
    ['ator', (s, n) => head(set(s, n - 2, 'e'), n - 1)],
    ['alism', (s, n) => head(s, n - 3)],
    ['iveness', (s, n) => head(s, n - 4)],
    ['fulness', (s, n) => head(s, n - 4)],
    ['ousness', (s, n) => head(s, n - 4)],
    ['aliti', (s, n) => head(s, n - 3)],
    ['iviti', (s, n) => head(set(s, n - 3, 'e'), n - 2)],
    ['biliti', (s, n) => head(set(set(s, n - 5, 'l'), n - 4, 'e'), n - 3)],
    ['logi', (s, n) => head(s, n - 1)],
  ];
  const step3Rules = [
    ['icate', (s, n) => head(s, n - 3)],
    ['ative', (s, n) => head(s, n - 5)],
    ['alize', (s, n) => head(s, n - 3)],
    ['iciti', (s, n) => head(s, n - 3)],
    ['ical', (s, n) => head(s, n - 2)],
    ['ful', (s, n) => head(s, n - 3)],
    ['ness', (s, n) => head(s, n - 4)],
  ];
  const step4Suffixes = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement',
    'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

  function rules(s, list) {
    const n = s.length;
    for (const [suf, edit] of list) {
      if (ends(s, suf)) return measure(head(s, n - suf.length)) > 0 ? edit(s, n) : s;
    }
    return s;
  }

  function step4(s) {
    const n = s.length;
    for (const suf of step4Suffixes) {
      if (!ends(s, suf)) continue;
      const sub = head(s, n - suf.length);
      if (measure(sub) <= 1) return s;
      if (suf === 'ion') {
        const c = sub[sub.length - 1];
        return c === 's' || c === 't' ? sub : s;
      }
      return sub;
    }
    return s;
  }

  function step5a(s) {
    const n = s.length;
    if (s[n - 1] !== 'e') return s;
    const sub = head(s, n - 1);
    const m = measure(sub);
    if (m > 1) return sub;
    if (m === 1) {
      const c = sub[sub.length - 1];
      if (!(cvc(sub) && c !== 'w' && c !== 'x' && c !== 'y')) return sub;
    }
    return s;
  }

  function step5b(s) {
    const n = s.length;
    if (n > 2 && s[n - 2] === 'l' && s[n - 1] === 'l' && measure(head(s, n - 1)) > 1) return head(s, n - 1);
    return s;
  }

  return function porter(word) {
    let s = Array.from(word);
    if (s.length <= 2) return word;
    s = step1a(s);
    s = step1b(s);
    s = step1c(s);
    s = rules(s, step2Rules);
    s = rules(s, step3Rules);
    s = step4(s);
    s = step5a(s);
    s = step5b(s);
    return s.join('');
  };
})());
