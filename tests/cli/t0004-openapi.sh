#!/bin/sh
# t0004-openapi.sh -- docs/api/openapi.yaml describes every API route.
#
# Compares `./fazhi routes --raw` (METHOD<TAB>PATH<TAB>ROLEBITS<TAB>FLAGS) with
# the operations under `paths:` in the OpenAPI file.  One check per route
# whose path starts with /api/ or is /healthz: the operation is in the
# file (":id" written "{id}"), its x-roles matches the route's role
# bits ("any" for 0, "public" for R_PUBLIC) and its x-flags the other
# flag bits (nocsrf pwchange enroll cache long hash upload stream; absent = none).  One more failure for each
# operation in the file that the route table does not have, and one when
# the file has no paths at all.  With PyYAML present the file must also
# load as YAML and agree with the indentation-based reading used here.
#
# FAZHI_OPENAPI=FILE checks another file (used for the self-check below,
# which runs unless FAZHI_OPENAPI_NO_SELFCHECK is set: dropping one path
# from a copy must make the check fail).  Prints "N passed, N failed"
# last and exits non-zero on any failure.
cd "$(dirname "$0")/../.." || exit 1
SPEC=${FAZHI_OPENAPI:-docs/api/openapi.yaml}
BIN=./fazhi
pass=0; fail=0
TMP=$(mktemp -d /tmp/fazhi-t0004.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$BIN" ]; then
  echo "FAIL: $BIN not built (make fazhi)"
  echo "0 passed, 1 failed"; exit 1
fi
if [ ! -f "$SPEC" ]; then
  echo "FAIL: $SPEC missing"
  echo "0 passed, 1 failed"; exit 1
fi
if ! "$BIN" routes --raw > "$TMP/routes"; then
  echo "FAIL: fazhi routes exited non-zero"
  echo "0 passed, 1 failed"; exit 1
fi

# The comparison itself is a small Python program: it reads the route
# list and the spec, prints "PASS ..." / "FAIL ..." lines.
cat > "$TMP/check.py" <<'PY'
import re, sys

ROLES = [(1, "admin"), (2, "leader"), (4, "legal"), (8, "approver"),
         (16, "inspector"), (32, "school"), (64, "auditor")]
R_PUBLIC = 1
FLAGS = [(2, "nocsrf"), (4, "pwchange"), (8, "enroll"), (16, "cache"), (32, "long"),
         (64, "hash"), (128, "upload"), (256, "stream")]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

def want_roles(bits, flags):
    if flags & R_PUBLIC:
        return ["public"]
    if bits == 0:
        return ["any"]
    return [name for bit, name in ROLES if bits & bit]

def want_flags(flags):
    out = [name for bit, name in FLAGS if flags & bit]
    known = R_PUBLIC | sum(bit for bit, _ in FLAGS)
    b = 1
    while b <= flags:
        if flags & b and not known & b:
            out.append("bit%d" % b)
        b <<= 1
    return out

def parse_list(z):
    z = z.strip()
    if z.startswith("[") and z.endswith("]"):
        return [s.strip().strip("'\"") for s in z[1:-1].split(",") if s.strip()]
    return None

def read_spec(path):
    """Operations under `paths:` by indentation: {(METHOD, path): roles};
    x-flags go to the module-level FLAGS_OF."""
    ops = {}
    in_paths = False
    cur_path = cur_op = None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if "\t" in line[:len(line) - len(line.lstrip())]:
            print("FAIL tab in indentation: %r" % line)
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ind = len(line) - len(line.lstrip(" "))
        text = line.strip()
        if ind == 0:
            in_paths = (text == "paths:")
            cur_path = cur_op = None
            continue
        if not in_paths:
            continue
        if ind == 2:
            m = re.match(r'^["\']?(/[^"\':]*)["\']?:\s*$', text)
            cur_path = m.group(1) if m else None
            cur_op = None
            if not m:
                print("FAIL unreadable path key: %r" % text)
        elif ind == 4 and cur_path:
            key = text.split(":")[0]
            if key in METHODS:
                cur_op = (key.upper(), cur_path)
                ops[cur_op] = None
            else:
                cur_op = None
        elif ind == 6 and cur_op and text.startswith("x-roles:"):
            ops[cur_op] = parse_list(text[len("x-roles:"):])
        elif ind == 6 and cur_op and text.startswith("x-flags:"):
            FLAGS_OF[cur_op] = parse_list(text[len("x-flags:"):])
    return ops

FLAGS_OF = {}
routes_file, spec = sys.argv[1], sys.argv[2]
ops = read_spec(spec)
npass = nfail = 0
if not ops:
    print("FAIL %s: no operations under paths:" % spec); nfail += 1

try:
    import yaml
except ImportError:
    yaml = None
if yaml is not None:
    try:
        doc = yaml.safe_load(open(spec, encoding="utf-8"))
        got = set()
        for p, item in (doc.get("paths") or {}).items():
            for m in item:
                if m in METHODS:
                    got.add((m.upper(), p))
        if got != set(ops):
            print("FAIL YAML loader and indentation reader disagree: %s"
                  % sorted(got ^ set(ops)))
            nfail += 1
    except Exception as e:
        print("FAIL %s does not load as YAML: %s" % (spec, e)); nfail += 1

table = set()
for line in open(routes_file, encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 4:
        print("FAIL bad line from fazhi routes: %r" % line); nfail += 1
        continue
    method, path, bits, flags = parts[0], parts[1], int(parts[2]), int(parts[3])
    if not (path.startswith("/api/") or path == "/healthz"):
        continue
    opath = re.sub(r":([A-Za-z_][A-Za-z0-9_]*)", r"{\1}", path)
    key = (method, opath)
    table.add(key)
    want = want_roles(bits, flags)
    if key not in ops:
        print("FAIL %s %s: not in %s" % (method, opath, spec)); nfail += 1
    elif ops[key] is None:
        print("FAIL %s %s: no x-roles (want %s)" % (method, opath, want)); nfail += 1
    elif sorted(ops[key]) != sorted(want):
        print("FAIL %s %s: x-roles %s, route table says %s"
              % (method, opath, ops[key], want)); nfail += 1
    elif sorted(FLAGS_OF.get(key) or []) != sorted(want_flags(flags)):
        print("FAIL %s %s: x-flags %s, route table says %s"
              % (method, opath, FLAGS_OF.get(key) or [], want_flags(flags))); nfail += 1
    else:
        npass += 1
for key in sorted(set(ops) - table):
    print("FAIL %s %s: in %s but not in the route table" % (key[0], key[1], spec))
    nfail += 1
print("%d passed, %d failed" % (npass, nfail))
sys.exit(1 if nfail else 0)
PY

python3 "$TMP/check.py" "$TMP/routes" "$SPEC" > "$TMP/out"; rc=$?
grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$TMP/out"
line=$(tail -n 1 "$TMP/out")
p=$(echo "$line" | awk '{print $1}'); f=$(echo "$line" | awk '{print $3}')
case "$p$f" in *[!0-9]*|'') p=0; f=1; echo "FAIL: checker printed no result line";; esac
pass=$((pass + p)); fail=$((fail + f))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then fail=$((fail + 1)); echo "FAIL: checker exit $rc"; fi

# The registers' parts are generated from their declarations: the file
# must be what `fazhi openapi` prints (regenerate with
# `./fazhi openapi > docs/api/openapi.yaml` after changing a declaration).
if [ -z "$FAZHI_OPENAPI" ]; then
  if "$BIN" openapi > "$TMP/gen.yaml" && cmp -s "$TMP/gen.yaml" "$SPEC"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $SPEC differs from \`fazhi openapi\` (run: ./fazhi openapi > $SPEC)"
    diff "$SPEC" "$TMP/gen.yaml" | head -n 20
  fi
fi

# Self-check: a copy without /api/v1/me (and its operation) must fail.
if [ -z "$FAZHI_OPENAPI_NO_SELFCHECK" ] && [ -z "$FAZHI_OPENAPI" ]; then
  awk '
    /^  \/api\/v1\/me:/ { skip = 1; next }
    skip && /^  [^ ]/ { skip = 0 }
    skip && /^[^ ]/ { skip = 0 }
    !skip { print }
  ' "$SPEC" > "$TMP/missing.yaml"
  if FAZHI_OPENAPI="$TMP/missing.yaml" sh "$0" > "$TMP/self.out" 2>&1; then
    fail=$((fail + 1)); echo "FAIL: self-check: a spec without /api/v1/me passed"
  elif grep -q 'FAIL GET /api/v1/me: not in' "$TMP/self.out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL: self-check: missing path not named"; cat "$TMP/self.out"
  fi
  # ... and one with an operation the route table lacks must fail too.
  sed 's|^  /api/v1/me:|  /api/v1/nonesuch:\n    get:\n      x-roles: [any]\n      responses: {}\n  /api/v1/me:|' \
    "$SPEC" > "$TMP/extra.yaml"
  if FAZHI_OPENAPI="$TMP/extra.yaml" sh "$0" > "$TMP/self2.out" 2>&1; then
    fail=$((fail + 1)); echo "FAIL: self-check: a spec with an extra operation passed"
  elif grep -q 'FAIL GET /api/v1/nonesuch: in' "$TMP/self2.out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL: self-check: extra operation not named"; cat "$TMP/self2.out"
  fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
