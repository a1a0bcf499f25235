#!/usr/bin/env python3
"""Usage: python3 check_gold.py [DIR] [--max-words N]   (DIR defaults to this script's folder; N to 700, the
Labelled set's own limit: held-out folders of real-length articles may pass a higher one)
Independent check of Labelled/: every gold text is an exact substring of the article's visible body text,
in order; word and quote counts per article; lists quoted spans that are not gold (for manual review)."""
import sys, os, re, json, html as H
from html.parser import HTMLParser

class Body(HTMLParser):
    """Visible text inside <article>, skipping script/style/figure/figcaption/aside/nav/header/footer."""
    SKIP = {'script', 'style', 'figure', 'figcaption', 'aside', 'nav', 'header', 'footer', 'noscript'}
    def __init__(self, fragment=False):
        super().__init__(convert_charrefs=True); self.depth_art = 1 if fragment else 0; self.skip = 0; self.out = []; self.all = []
    def handle_starttag(self, t, a):
        if t == 'article': self.depth_art += 1
        if t in self.SKIP: self.skip += 1
        if t in ('p', 'br', 'div', 'li', 'h1', 'h2', 'h3', 'blockquote'): self.out.append('\n'); self.all.append('\n')
    def handle_endtag(self, t):
        if t == 'article': self.depth_art -= 1
        if t in self.SKIP: self.skip -= 1
        if t in ('p', 'div', 'li', 'h1', 'h2', 'h3', 'blockquote'): self.out.append('\n'); self.all.append('\n')
    def handle_data(self, d):
        self.all.append(d)
        if self.depth_art > 0 and self.skip == 0: self.out.append(d)

def body_html(s, fragment=False):
    p = Body(fragment); p.feed(s); return ''.join(p.out), ''.join(p.all)

def articles(path):
    raw = open(path, 'rb').read()
    s = raw.decode('utf-8-sig')
    if path.endswith('.txt'): return [(s, s)]
    if path.endswith('.html'): return [body_html(s)]
    res = []
    for ln in s.splitlines():
        if not ln.strip(): continue
        o = json.loads(ln)
        for k in ('url', 'title', 'outlet', 'published', 'author'): assert k in o, (path, k)
        if 'text' in o: res.append((o['text'], o['text']))
        else: res.append(body_html(o['html'], True))
    return res

OPEN_MARKS = '"“„«‘\''
CLOSE_MARKS = '"”“»’\''
QRE = re.compile(r'"([^"\n]+)"|“([^”\n]+)”|„([^“\n]+)“|«([^»\n]+)»')
def main(d):
    notes = set(); bad = 0; totq = 0; nulls = 0; nart = 0; fmt = {}
    for f in sorted(os.listdir(d)):
        if f.endswith('.gold.json') or not f.endswith(('.txt', '.html', '.jsonl')): continue
        gold = json.load(open(os.path.join(d, f[:f.rindex('.')] + '.gold.json'), encoding='utf-8'))['quotes']
        arts = articles(os.path.join(d, f)); nart += len(arts); fmt[f.rsplit('.',1)[1]] = fmt.get(f.rsplit('.',1)[1], 0) + 1
        # order check across concatenated bodies
        joined = '\n\u0000\n'.join(b for b, _ in arts)
        pos = 0; wc = [len(re.findall(r"\w+", b)) for b, _ in arts]
        for q in gold:
            totq += 1; nulls += q['speaker'] is None
            i = joined.find(q['text'], pos)
            if i < 0:
                bad += 1
                where = 'NOT IN BODY' if joined.find(q['text']) < 0 else 'OUT OF ORDER'
                print(f'  {f}: {where}: {q["text"][:70]!r}')
                continue
            pos = i + 1
            before = joined[i - 1] if i > 0 else ''
            end = i + len(q['text']); after = joined[end] if end < len(joined) else '\n'
            if before not in OPEN_MARKS or (after not in CLOSE_MARKS and after not in '\r\n'):
                print(f'  {f}: NOT BOUNDED BY QUOTE MARKS: {before!r}..{after!r} {q["text"][:60]!r}'); bad += 1
            if not q['text'].strip() or q['text'] != q['text'].strip(): print(f'  {f}: whitespace at edge: {q["text"]!r}')
            sp = q['speaker']
            if sp is not None:
                if sp not in joined:
                    if all(part in joined for part in sp.split()): notes.add(f'  {f}: note: full name {sp!r} only introduced jointly ("A and B Surname")')
                    else: print(f'  {f}: SPEAKER NAME NOT IN TEXT: {sp}'); bad += 1
                if re.match(r'(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|President|Prime|Minister|Justice|Cllr)\b', sp): print(f'  {f}: TITLE IN SPEAKER: {sp}'); bad += 1
                if len(sp.split()) < 2: print(f'  {f}: SPEAKER NOT FULL NAME: {sp}'); bad += 1
        gtexts = [q['text'] for q in gold]
        extra = []
        for b, _ in arts:
            for m in QRE.finditer(b):
                t = next(g for g in m.groups() if g)
                if not any(t == g or t in g or g in t for g in gtexts): extra.append(t)
        print(f'{f}: articles={len(arts)} words={wc} gold={len(gold)} null={sum(q["speaker"] is None for q in gold)} non-gold-quoted={extra}')
        for w in wc:
            if not 250 <= w <= MAX_WORDS: print(f'  {f}: WORD COUNT {w} out of range'); bad += 1
        if not 4 * len(arts) <= len(gold) <= 15 * len(arts): print(f'  {f}: QUOTE COUNT {len(gold)}'); bad += 1
    for n in sorted(notes): print(n)
    print(f'TOTAL files={sum(fmt.values())} {fmt} articles={nart} gold={totq} null={nulls} problems={bad}')
    return bad
MAX_WORDS = 700
if __name__ == '__main__':
    args = sys.argv[1:]
    if '--max-words' in args:
        i = args.index('--max-words')
        if i + 1 >= len(args) or not args[i + 1].isdigit(): sys.exit('check_gold.py: --max-words needs a whole number, e.g. --max-words 1500')
        MAX_WORDS = int(args[i + 1]); del args[i:i + 2]
    sys.exit(1 if main(args[0] if args else os.path.dirname(os.path.abspath(__file__))) else 0)
