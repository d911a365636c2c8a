#!/usr/bin/env python3
"""Are two PDFs the same document, whatever their object numbers and layout?

For changes to how the file is written (not what it says), where `cmp` is too
strict: the object graphs from the catalog and the Info dictionary are walked
side by side with object numbers abstracted (every indirect object of the old
file maps to exactly one of the new) and every value must match: names,
decoded strings, numbers, arrays, dictionaries, raw stream bytes. Direct vs
indirect objects are counted, not failed. Two writer differences count as
equal and are reported: /Filter [/X] vs /X, and an XMP packet with the same
canonical XML. Page content streams are compared byte for byte, and the
structure trees are summarised (elements per role, MCIDs, OBJRs, ParentTree).

    python tools/pdf_same.py OLD.pdf NEW.pdf      # exit status 0: the same
"""
import sys
from collections import Counter

import pikepdf


def kind(o):
    for t in (pikepdf.Stream, pikepdf.Dictionary, pikepdf.Array, pikepdf.Name, pikepdf.String):
        if isinstance(o, t):
            return t.__name__
    return type(o).__name__


def same_xml(x, y):
    """The same XMP packet up to attribute order and white space between elements."""
    import re
    import xml.etree.ElementTree as ET

    def canon(data):
        body = re.search(rb"<x:xmpmeta.*</x:xmpmeta>", data, re.S).group(0)
        return ET.canonicalize(body.decode("utf-8"), strip_text=True)

    return canon(x) == canon(y)


def compare(a_root, b_root):
    diffs = []
    pairs = {}          # old objgen -> new objgen
    back = {}
    indirect_mismatch = Counter()
    normalised = Counter()
    todo = [(a_root, b_root, "Root")]
    while todo:
        a, b, path = todo.pop()
        ia = isinstance(a, pikepdf.Object) and a.is_indirect
        ib = isinstance(b, pikepdf.Object) and b.is_indirect
        if ia != ib:
            indirect_mismatch[path.split("/")[-1]] += 1
        if ia and ib:
            ga, gb = a.objgen, b.objgen
            if ga in pairs:
                if pairs[ga] != gb:
                    diffs.append(f"{path}: old {ga} maps to two new objects")
                continue
            if gb in back:
                diffs.append(f"{path}: new {gb} maps to two old objects")
                continue
            pairs[ga], back[gb] = gb, ga
        ka, kb = kind(a), kind(b)
        if path.endswith("/Filter") and {ka, kb} == {"Name", "Array"}:
            # qpdf writes a one-filter array as the name: the same filter
            a, b = [(x[0] if kind(x) == "Array" and len(x) == 1 else x) for x in (a, b)]
            ka, kb = kind(a), kind(b)
            normalised["/Filter [/X] vs /X"] += 1
        if ka != kb:
            diffs.append(f"{path}: {ka} vs {kb}")
            continue
        if ka in ("Dictionary", "Stream"):
            keys_a, keys_b = set(a.keys()), set(b.keys())
            if ka == "Stream":
                keys_a.discard("/Length"); keys_b.discard("/Length")
                if a.read_raw_bytes() != b.read_raw_bytes():
                    if path.endswith("/Metadata") and same_xml(a.read_bytes(), b.read_bytes()):
                        normalised["XMP bytes differ, same canonical XML"] += 1
                    else:
                        diffs.append(f"{path}: stream bytes differ")
            if keys_a != keys_b:
                diffs.append(f"{path}: keys {sorted(keys_a ^ keys_b)}")
            for k in sorted(keys_a & keys_b):
                todo.append((a[k], b[k], f"{path}/{k[1:]}"))
        elif ka == "Array":
            if len(a) != len(b):
                diffs.append(f"{path}: array length {len(a)} vs {len(b)}")
            for i, (x, y) in enumerate(zip(a, b)):
                todo.append((x, y, f"{path}[{i}]"))
        elif ka == "String":
            if str(a) != str(b):
                diffs.append(f"{path}: {str(a)!r} vs {str(b)!r}")
        elif ka == "Name":
            if str(a) != str(b):
                diffs.append(f"{path}: {a} vs {b}")
        else:
            if a != b:
                diffs.append(f"{path}: {a!r} vs {b!r}")
    return diffs, pairs, indirect_mismatch, normalised


def summary(pdf):
    if "/StructTreeRoot" not in pdf.Root:
        return "no structure tree"
    tree = pdf.Root.StructTreeRoot
    roles, mcids, objr = Counter(), 0, 0
    todo = [tree.K]
    while todo:
        el = todo.pop()
        roles[str(el.S)] += 1
        kids = el.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        for k in kids:
            if isinstance(k, int):
                mcids += 1
            elif k.get("/Type") == "/MCR":
                mcids += 1
            elif k.get("/Type") == "/OBJR":
                objr += 1
            else:
                todo.append(k)
    nums = tree.ParentTree.Nums
    return (f"{sum(roles.values())} elements, {mcids} MCIDs, {objr} OBJRs, "
            f"{len(nums) // 2} ParentTree entries, next key {tree.ParentTreeNextKey}, "
            f"roles {dict(sorted(roles.items()))}")


def main(old, new):
    a, b = pikepdf.open(old), pikepdf.open(new)
    diffs, pairs, indirect, normalised = compare(a.Root, b.Root)
    d2, _, _, n2 = compare(a.trailer.Info, b.trailer.Info)
    normalised.update(n2)
    diffs += d2
    same_content = all(pa.obj.Contents.read_raw_bytes() == pb.obj.Contents.read_raw_bytes()
                       for pa, pb in zip(a.pages, b.pages)) and len(a.pages) == len(b.pages)
    print(f"{old} vs {new}")
    print(f"  versions {a.pdf_version} / {b.pdf_version}; objects {len(a.objects)} / "
          f"{len(b.objects)}; mapped {len(pairs)} indirect objects")
    print(f"  page content streams byte-identical: {same_content}")
    print(f"  direct/indirect differences (by key): {dict(indirect) or 'none'}")
    print(f"  equal after normalising: {dict(normalised) or 'nothing normalised'}")
    print("  old tree:", summary(a))
    print("  new tree:", summary(b))
    print(f"  differences: {len(diffs)}")
    for d in diffs[:30]:
        print("   ", d)
    return 1 if diffs or not same_content else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] in ("-h", "--help"):
        print("usage: python tools/pdf_same.py OLD.pdf NEW.pdf   (exit 0: the same document)",
              file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
