"""oas.py -- check API responses against docs/api/openapi.yaml.

lib.Client.request hands every response to `check_response`; a response
whose status, media type or JSON body the document does not describe is a
failure of the suite that received it, so the document cannot drift from
the server.  The document is read with PyYAML and bodies are validated
with python3-jsonschema (both Debian packages; `scripts/install-deps.sh
test` installs them).  OpenAPI 3.0 schemas are turned into JSON Schema
(`nullable: true` becomes a type list) and `$ref`s resolve inside the
document.

Statuses the dispatcher may give on any route before a handler runs are
listed once in the document's `x-dispatcher-responses` (a map from status
to a response object); every other status must be listed under the
operation.  Paths outside /api/ and /healthz (the HTML pages) are not
checked.
"""
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC_PATH = os.environ.get("FAZHI_OPENAPI", os.path.join(ROOT, "docs", "api", "openapi.yaml"))

_state = {"loaded": False, "error": None, "doc": None, "ops": None, "validator": None}


def _nullable_to_types(node):
    """OpenAPI 3.0 -> JSON Schema: nullable: true adds "null" to type."""
    if isinstance(node, dict):
        out = {k: _nullable_to_types(v) for k, v in node.items()}
        if out.pop("nullable", False) is True and "type" in out:
            t = out["type"]
            out["type"] = (t if isinstance(t, list) else [t]) + ["null"]
        return out
    if isinstance(node, list):
        return [_nullable_to_types(v) for v in node]
    return node


def _template_re(path):
    """A compiled pattern for an OpenAPI path ("/api/v1/orgs/{id}")."""
    parts = re.split(r"(\{[^}]+\})", path)
    rx = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile("^" + rx + "$")


def _load():
    if _state["loaded"]:
        return
    _state["loaded"] = True
    try:
        import yaml
        import jsonschema
    except ImportError as e:
        _state["error"] = ("response validation needs python3-yaml and python3-jsonschema "
                           "(sh scripts/install-deps.sh test): %s" % e)
        return
    with open(SPEC_PATH, encoding="utf-8") as f:
        doc = _nullable_to_types(yaml.safe_load(f))
    ops = []
    for path, item in (doc.get("paths") or {}).items():
        # literal segments win over parameters: fewer "{" first
        ops.append((path.count("{"), path, _template_re(path), item))
    ops.sort(key=lambda t: (t[0], -len(t[1])))
    cls = jsonschema.validators.validator_for({"$schema": "http://json-schema.org/draft-07/schema#"})
    resolver = jsonschema.RefResolver.from_schema(doc)
    _state.update(doc=doc, ops=ops, cls=cls, resolver=resolver)


def _resolve(obj):
    """Follow a $ref inside the document (responses, schemas)."""
    seen = 0
    while isinstance(obj, dict) and "$ref" in obj and seen < 20:
        ref = obj["$ref"]
        node = _state["doc"]
        for part in ref.lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        obj = node
        seen += 1
    return obj


def problems(method, path, status, content_type, body):
    """What the document does not say about this response: a list of
    strings (empty when the response is described)."""
    _load()
    if _state["error"]:
        return [_state["error"]]
    path = path.split("?", 1)[0]
    if not (path.startswith("/api/") or path == "/healthz"):
        return []
    if method == "HEAD" or (path == "/healthz" and (method != "GET" or status != 200)):
        return []   # /healthz is not under /api/: its refusals are the HTML error page
    m = method.lower()
    item = None
    for _, tpath, rx, it in _state["ops"]:
        if rx.match(path) and m in it:
            item, op_path = it, tpath
            break
    if item is None:
        # unknown path (404) or a known path with another method (405), or
        # any answer the dispatcher gives before routing (bad input, limits,
        # failures): all in the error shape.  (404 and 405 both: the server
        # matches the decoded path, this the encoded one.)
        resp = (_state["doc"].get("x-dispatcher-responses") or {}).get(str(status))
        if resp is None or status not in (400, 401, 403, 404, 405, 413, 500, 503):
            return ["%s %s: no such operation in the document, and status %d"
                    % (method, path, status)]
        return _check_body(method, path, status, content_type, body, resp)
    op = item[m]
    responses = op.get("responses") or {}
    resp = responses.get(str(status))
    if resp is None:
        resp = (_state["doc"].get("x-dispatcher-responses") or {}).get(str(status))
    if resp is None:
        resp = responses.get("default")
    if resp is None:
        return ["%s %s (%s): status %d is not documented (documented: %s)"
                % (method, path, op_path, status, ", ".join(sorted(responses)))]
    return _check_body(method, path, status, content_type, body, resp)


def _check_body(method, path, status, content_type, body, resp):
    import jsonschema
    resp = _resolve(resp) or {}
    content = resp.get("content") or {}
    mt = (content_type or "").split(";", 1)[0].strip().lower()
    where = "%s %s %d" % (method, path, status)
    if not content:
        if body:
            return ["%s: the document declares no body, the server sent %s (%d bytes)"
                    % (where, mt or "no type", len(body))]
        return []
    if mt not in content:
        return ["%s: media type %r is not among the documented %s"
                % (where, mt, sorted(content))]
    schema = (content[mt] or {}).get("schema")
    if mt != "application/json" or schema is None:
        return []
    try:
        value = json.loads(body.decode("utf-8"))
    except ValueError as e:
        return ["%s: body is not JSON: %s" % (where, e)]
    v = _state["cls"](schema, resolver=_state["resolver"])
    errs = sorted(v.iter_errors(value), key=lambda e: list(e.path))
    out = []
    for e in errs[:3]:
        out.append("%s: body does not match the schema at %s: %s"
                   % (where, "/".join(str(p) for p in e.path) or "(top)", e.message[:300]))
    return out
