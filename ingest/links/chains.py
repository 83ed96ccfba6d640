"""Forwarding chains: from the root directive down to every leaf, from any letter.

The graph is the ``links`` table. A letter may have several parents (it cites one
letter and was scanned behind another); the tree shows each node under its strongest
parent, and the JSON lists every edge among the nodes. Placeholders (cited letters not
scanned yet) are nodes of their own, keyed by number and date.
"""
from __future__ import annotations

import difflib
import json
import re
from datetime import date
from functools import lru_cache

from ..errors import NotFoundError
from ..thai.keys import doc_no_key
from ..registry.query import fts_text
from .citing import parse_thai_date

GROUP = re.compile(r"ทุก(จังหวัด|อำเภอ|แห่ง|หน่วย|ส่วนราชการ|องค์กร)")
SAME, CHANGED = 0.9, 0.55
NODE_COLS = "id, doc_no, date, issuer, subject, kind, recipients, urgency, receipt, receipts, directives, level"


def _ph(key: str, when: str | None) -> str:
    return f"P:{key}|{when or ''}"


def _in_chunks(reg, sql: str, ids) -> list[dict]:
    """The rows of ``sql`` (which ends in ``IN``) for ``ids``, asked 500 at a time."""
    ids, rows = list(ids), []
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        rows += reg.q(f"{sql} ({','.join('?' * len(part))})", part)
    return rows


def _letter_nodes(reg, ids) -> dict[str, dict]:
    out = {}
    for r in _in_chunks(reg, f"SELECT {NODE_COLS} FROM letters WHERE id IN", ids):
        for f in ("recipients", "receipt", "receipts", "directives"):
            r[f] = json.loads(r[f]) if r[f] else None
        r["placeholder"] = False
        out[f"L:{r['id']}"] = r
    return out


def _edges_into(reg, child_ids) -> list[dict]:
    return _with_dates(reg, _in_chunks(reg, "SELECT * FROM links WHERE child_id IN", child_ids))


def _edges_out_of_placeholder(reg, node: str) -> list[dict]:
    key, when = node[2:].split("|", 1)
    rows = reg.q("SELECT * FROM links WHERE parent_id IS NULL AND parent_key = ? "
                 "AND (IFNULL(parent_date, '') = ? OR parent_date IS NULL)", (key, when))
    return [r for r in _with_dates(reg, rows) if (r["parent_date"] or "") == when]


def _children(reg, frontier: list[str]) -> set[int]:
    """The ids of the letters linked under any node of ``frontier``: the letters' children in
    a query per 500 (one per node made a 533-letter chain cost as many round trips to a
    server), each placeholder's on its own."""
    letters = [int(n[2:]) for n in frontier if n.startswith("L:")]
    kids = {r["child_id"] for r in _in_chunks(reg, "SELECT child_id FROM links WHERE parent_id IN", letters)}
    for node in frontier:
        if not node.startswith("L:"):
            kids.update(k["child_id"] for k in _edges_out_of_placeholder(reg, node))
    return kids


def _with_dates(reg, rows: list[dict]) -> list[dict]:
    """A letter not scanned yet is known only by what cites it: a citation that gives no
    date takes the one its own อ้างถึง text prints, else the one the other letters citing
    the same number give (the most of them), so every citation of it meets at one
    placeholder, dated, and the hop from it has a delay."""
    undated = [r for r in rows if r["parent_id"] is None and r["parent_key"] and not r["parent_date"]]
    for r in undated:
        r["parent_date"] = parse_thai_date(r["evidence"])
    keys = sorted({r["parent_key"] for r in undated if not r["parent_date"]})
    if keys:
        given: dict[str, str] = {}
        for key, when, _ in reg.conn.execute(
                "SELECT parent_key, parent_date, count(*) AS n FROM links WHERE parent_id IS NULL AND "
                f"parent_date IS NOT NULL AND parent_key IN ({','.join('?' * len(keys))}) "
                "GROUP BY parent_key, parent_date ORDER BY n, parent_date DESC", keys):
            given[key] = when  # the last one written is the most given (the earliest of a tie)
        for r in undated:
            r["parent_date"] = r["parent_date"] or given.get(r["parent_key"])
    return rows


def _parent_node(link: dict) -> str:
    return f"L:{link['parent_id']}" if link["parent_id"] else _ph(link["parent_key"], link["parent_date"])


def _primary(links: list[dict]) -> dict | None:
    return min(links, key=lambda k: (-k["strength"], k["id"])) if links else None


def _start(reg, ref) -> str:
    try:
        return f"L:{reg.resolve(ref)}"
    except NotFoundError:
        key = doc_no_key(str(ref))
        rows = _with_dates(reg, reg.q("SELECT * FROM links WHERE parent_id IS NULL AND parent_key = ? "
                                      "ORDER BY parent_date IS NULL, id LIMIT 1", (key,)))
        if not rows:
            raise
        return _ph(rows[0]["parent_key"], rows[0]["parent_date"])


def _up_path(reg, start: str) -> list[str]:
    path, seen = [start], {start}
    node = start
    while node.startswith("L:"):
        link = _primary(_edges_into(reg, [int(node[2:])]))
        if not link or _parent_node(link) in seen:
            break
        node = _parent_node(link)
        path.append(node)
        seen.add(node)
    return path


def _down(reg, start: str, limit: int = 20000) -> list[str]:
    """Nodes under ``start`` (breadth first), each reached through its primary parent."""
    order, frontier, seen = [start], [start], {start}
    while frontier and len(order) < limit:
        kids = [k for k in _children(reg, frontier) if f"L:{k}" not in seen]
        links = _edges_into(reg, kids)
        by_child: dict[int, list] = {}
        for k in links:
            by_child.setdefault(k["child_id"], []).append(k)
        # a child belongs here when its strongest parent is already in the tree
        frontier = [f"L:{kid}" for kid in sorted(kids)
                    if _parent_node(_primary(by_child[kid])) in seen]
        seen.update(frontier)
        order += frontier
    return order


def trace(reg, ref, direction: str = "both") -> dict:
    """The chain through a letter (id or reference number).

    ``direction``: "both" (root to every leaf), "up" (the letter to its root), "down"
    (the letter to its leaves). Returns ``{"root", "start", "nodes", "edges"}``.
    """
    start = _start(reg, ref)
    up = _up_path(reg, start)
    if direction == "up":
        names = up
    else:
        names = _down(reg, up[-1] if direction == "both" else start)
    root = names[-1] if direction == "up" else names[0]
    nodes = _letter_nodes(reg, [int(n[2:]) for n in names if n.startswith("L:")])
    edges = []
    inside = set(names)
    for link in _edges_into(reg, [int(n[2:]) for n in names if n.startswith("L:")]):
        parent = _parent_node(link)
        if parent not in inside:
            continue
        if parent.startswith("P:") and parent not in nodes:
            key, when = parent[2:].split("|", 1)
            nodes[parent] = {"id": None, "doc_no": link["parent_doc_no"], "date": when or None,
                             "date_from": "citing" if when else None,
                             "issuer": None, "subject": None, "kind": None, "placeholder": True,
                             "recipients": None, "directives": None, "receipt": None, "receipts": None}
        edges.append({"from_node": parent, "to_node": f"L:{link['child_id']}", **link})
    for n in names:  # a placeholder asked for directly
        if n not in nodes:
            key, when = n[2:].split("|", 1)
            nodes[n] = {"id": None, "doc_no": key, "date": when or None, "placeholder": True,
                        "date_from": "citing" if when else None,
                        "issuer": None, "subject": None, "kind": None, "recipients": None,
                        "directives": None, "receipt": None, "receipts": None}
    return _shape(names, nodes, edges, root, start)


def _label(node: dict) -> str:
    return node["doc_no"] or f"#{node['id']}"


def _delay(a: str | None, b: str | None) -> int | None:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days if a and b else None


def _shape(names, nodes, edges, root, start) -> dict:
    primary: dict[str, dict] = {}
    for e in edges:
        have = primary.get(e["to_node"])
        if not have or (-e["strength"], e["id"]) < (-have["strength"], have["id"]):
            primary[e["to_node"]] = e
    children = {n: [] for n in names}
    for child, e in primary.items():
        if e["from_node"] in children:
            children[e["from_node"]].append(child)
    matched = {n: _match_directives(n, nodes, primary) if nodes[n].get("directives") else []
               for n in names}
    out_nodes = []
    for n in names:
        node = nodes[n]
        e = primary.get(n) if n != root else None
        parent = nodes.get(e["from_node"]) if e else None
        node["anomalies"] = _anomalies(node, parent, bool(children[n]))
        node["directives"] = matched[n]
        node["node"] = n
        node["parent"] = e["from_node"] if e else None
        node["delay_days"] = _delay(parent["date"], node["date"]) if parent else None
        # from a letter not scanned yet: its date is the one the citing letter gives
        node["delay_from"] = "citing" if parent and parent["placeholder"] and node["delay_days"] is not None else None
        out_nodes.append(node)
    # one edge per pair of nodes, of its strongest kind; the other kinds are listed with it
    pairs: dict[tuple, list] = {}
    for e in sorted(edges, key=lambda e: (-e["strength"], e["id"])):
        pairs.setdefault((e["from_node"], e["to_node"]), []).append(e)
    out_edges = [{"from": _label(nodes[f]), "to": _label(nodes[t]), "kind": es[0]["kind"],
                  "evidence": es[0]["evidence"], "delay_days": _delay(nodes[f]["date"], nodes[t]["date"]),
                  "also": [{"kind": e["kind"], "evidence": e["evidence"]} for e in es[1:]],
                  "primary": primary.get(t) is es[0]}
                 for (f, t), es in pairs.items()]
    return {"root": _label(nodes[root]), "start": _label(nodes[start]), "nodes": out_nodes,
            "edges": out_edges}


def _anomalies(node: dict, parent: dict | None, has_children: bool) -> list[str]:
    out = []
    if node["placeholder"]:
        out.append("placeholder: cited but not scanned yet")
        return out
    if not node["date"]:
        out.append("no date read")
    if parent:
        gap = _delay(parent["date"], node["date"])
        if gap is not None and gap < 0:
            out.append(f"date goes backwards: {node['date']} is {-gap} days before the letter it forwards")
        if not parent["placeholder"] and not parent.get("receipt") and not parent.get("receipts") \
                and node.get("kind") != "endorsement":
            out.append(f"no receipt stamp on {_label(parent)}: when it was received is unknown")
    groups = [r for r in node.get("recipients") or [] if GROUP.search(r)]
    if groups and not has_children and (node.get("level") is None or node["level"] < 3):
        out.append(f"addressed to {', '.join(groups)} but no onward forward is registered")
    return out


@lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> float:
    """Directives are restated word for word down a chain: equal texts are common, and the
    same pairs recur on every branch, hence the cache and the cheap bounds first."""
    a, b = fts_text(a), fts_text(b)
    if a == b:
        return 1.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < CHANGED or m.quick_ratio() < CHANGED:
        return 0.0
    return m.ratio()


@lru_cache(maxsize=65536)
def _digits(text: str | None) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", fts_text(text or "")))


def _match_directives(n: str, nodes: dict, primary: dict) -> list[dict]:
    """Each directive with the one it restates up the chain (nearest ancestor first)."""
    ancestors, cur, seen = [], primary.get(n), {n}
    while cur and cur["from_node"] not in seen:
        seen.add(cur["from_node"])
        anc = nodes[cur["from_node"]]
        if anc.get("directives"):
            ancestors.append(anc)
        cur = primary.get(cur["from_node"])
    out = []
    for d in nodes[n]["directives"]:
        best = None
        for anc in ancestors:
            for ad in anc["directives"]:
                s = _similar(d["text"], ad["text"])
                if s >= CHANGED and (not best or s > best[0]):
                    best = (s, anc, ad)
            if best:
                break
        # numbers (dates, amounts) must agree for "same": a changed deadline is a change
        status = ("origin" if not ancestors else "new" if not best else
                  "same" if best[0] >= SAME and _digits(d["text"]) == _digits(best[2]["text"])
                  else "changed")
        item = {"number": d.get("number"), "text": d.get("text"), "status": status}
        if best:
            item["restates"] = {"doc_no": _label(best[1]), "number": best[2].get("number"),
                                "text": best[2].get("text"), "similarity": round(best[0], 2)}
        out.append(item)
    if ancestors:
        restated = {(m["restates"]["doc_no"], m["restates"]["number"]) for m in out if "restates" in m}
        near = ancestors[0]
        for ad in near["directives"]:
            if (_label(near), ad.get("number")) not in restated:
                out.append({"number": None, "text": ad.get("text"), "status": "dropped",
                            "restates": {"doc_no": _label(near), "number": ad.get("number"),
                                         "text": ad.get("text"), "similarity": 0.0}})
    return out


def render(chain: dict) -> str:
    """The chain as an indented text tree, anomalies marked with '!'."""
    by_node = {n["node"]: n for n in chain["nodes"]}
    kids: dict[str | None, list] = {}
    for n in chain["nodes"]:
        kids.setdefault(n["parent"] if n["parent"] in by_node else None, []).append(n)
    edge_kind = {(e["from"], e["to"]): e["kind"] for e in chain["edges"] if e["primary"]}
    lines: list[str] = []

    def walk(node, depth):
        pad = "    " * depth
        parent = by_node.get(node["parent"])
        via = ""
        if parent:
            kind = edge_kind.get((_label(parent), _label(node)), "?")
            delay = node["delay_days"]
            via = f"[{kind}{'' if delay is None else f', +{delay} d' if delay >= 0 else f', {delay} d'}] "
        who = node["issuer"] or ("(not scanned)" if node["placeholder"] else "?")
        to = "; ".join(node.get("recipients") or [])
        mark = " *" if node["node"] == _start_node(chain) else ""
        when = (node["date"] or "????-??-??") + (" (date from the citing letter)" if node.get("date_from") else "")
        lines.append(f"{pad}{via}{_label(node)}  {when}  {who}"
                     + (f" → {to}" if to else "") + mark)
        if node.get("subject") and not parent:
            lines.append(f"{pad}    เรื่อง {node['subject']}")
        for d in node["directives"]:
            src = d.get("restates")
            tail = {"origin": "", "new": "  (new here)",
                    "same": f"  (= {src['doc_no']} ข้อ {src['number']})" if src else "",
                    "changed": f"  (changed from {src['doc_no']} ข้อ {src['number']}: {src['text']})" if src else "",
                    "dropped": f"  (dropped: {src['doc_no']} ข้อ {src['number']} not restated)" if src else ""}[d["status"]]
            num = f"{d['number']}. " if d["number"] is not None else "-  "
            lines.append(f"{pad}    {num}{d['text']}{tail}")
        for a in node["anomalies"]:
            lines.append(f"{pad}    ! {a}")
        for child in kids.get(node["node"], []):
            walk(child, depth + 1)

    for top in kids.get(None, []):
        walk(top, 0)
    return "\n".join(lines)


def _start_node(chain: dict) -> str | None:
    for n in chain["nodes"]:
        if _label(n) == chain["start"]:
            return n["node"]
    return None


def to_json(chain: dict) -> dict:
    """The public JSON shape: root, nodes (without internal keys), edges."""
    keep = ("id", "doc_no", "date", "date_from", "issuer", "subject", "kind", "placeholder", "recipients",
            "urgency", "receipt", "delay_days", "directives", "anomalies")
    labels = {n["node"]: _label(n) for n in chain["nodes"]}
    return {"root": chain["root"], "start": chain["start"],
            "nodes": [{k: n.get(k) for k in keep} | {"parent": labels.get(n["parent"])}
                      for n in chain["nodes"]],
            "edges": [{k: e[k] for k in ("from", "to", "kind", "evidence", "delay_days", "also")}
                      for e in chain["edges"]]}
