import re, struct, sys
def parse(path):
    txt = open(path, encoding='latin-1').read()
    m = {}
    def tgt(h):
        b = bytes.fromhex(h)
        s = b.decode('utf-16-be', errors='replace')
        return ord(s[0]) if s else None
    for block in re.findall(r'beginbfchar(.*?)endbfchar', txt, re.S):
        for a, b in re.findall(r'<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>', block):
            c = int(a, 16); t = tgt(b)
            if t is not None and c not in m: m[c] = t
    for block in re.findall(r'beginbfrange(.*?)endbfrange', txt, re.S):
        for a, b, rest in re.findall(r'<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)', block):
            lo, hi = int(a, 16), int(b, 16)
            if rest.startswith('['):
                items = re.findall(r'<([0-9a-fA-F]+)>', rest)
                for i, h in enumerate(items):
                    if lo + i <= hi:
                        t = tgt(h)
                        if t is not None: m.setdefault(lo + i, t)
            else:
                bb = bytes.fromhex(rest[1:-1])
                for i in range(hi - lo + 1):
                    if len(bb) == 2:
                        m.setdefault(lo + i, int.from_bytes(bb, 'big') + i)
                    else:
                        t = tgt(rest[1:-1])
                        if t is not None: m.setdefault(lo + i, t + i)
    return m
for coll in sys.argv[1:]:
    m = parse(f'/usr/share/poppler/cMap/{coll}/{coll}-UCS2')
    n = max(m) + 1
    bmp = [0] * n
    sup = []
    for c, t in sorted(m.items()):
        if t == 0xFFFD: continue
        if t < 0x10000: bmp[c] = t
        else: sup.append((c, t))
    out = struct.pack('<HH', n, len(sup)) + struct.pack(f'<{n}H', *bmp) + b''.join(struct.pack('<HI', c, t) for c, t in sup)
    open(__import__('os').path.join(__import__('os').path.dirname(__file__), f'{coll}.cidu'), 'wb').write(out)
    print(coll, n, len(m), len(sup), len(out))
