#!/bin/sh
# t0011-fresh-make.sh -- `make run` works on a machine whose libraries are
# installed by `make run` itself (issue 7 §6: the Makefile once asked
# pkg-config for its flags when it was read, before the install step, and
# failed on "cairo.h: No such file or directory").
#
# A copy of the tree is built with a pkg-config that knows no package
# until the (fake) install step has run, exactly as on a fresh Debian
# machine: `make run` must install, then build, then run; a plain `make`
# before the install must stop with a message that says what to do.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0011

SRC=$T/tree
mkdir -p "$SRC" "$T/bin"
git ls-files -z | xargs -0 tar cf - | tar xf - -C "$SRC"

# pkg-config that fails for every package until $T/installed exists
REAL=$(command -v pkg-config)
cat > "$T/bin/pkg-config" <<SH
#!/bin/sh
[ -f "$T/installed" ] && exec "$REAL" "\$@"
for a in "\$@"; do case \$a in --version) echo 0.29; exit 0;; esac; done
echo "Package was not found in the pkg-config search path" >&2
exit 1
SH
chmod +x "$T/bin/pkg-config"
cat > "$T/install.sh" <<SH
#!/bin/sh
echo "fake install-deps \$1" >> "$T/install.log"
touch "$T/installed"
SH

PATH="$T/bin:$PATH" make -C "$SRC" --no-print-directory fazhi > "$T/plain.log" 2>&1
rc=$?
[ $rc -ne 0 ]; ok $? "plain make without the libraries fails (exit $rc)"
grep -q "install-deps" "$T/plain.log"; ok $? "... saying to run install-deps: $(tail -n 2 "$T/plain.log")"
! grep -q "No such file" "$T/plain.log"; ok $? "... before any compiler error"

PATH="$T/bin:$PATH" make -C "$SRC" --no-print-directory -j2 run OPT=-O0 \
  INSTALL_DEPS="sh $T/install.sh" RUN_DEMO="./fazhi version" > "$T/run.log" 2>&1
rc=$?
ok $rc "make run installs, then builds, then runs (exit $rc): $(grep -m3 -E 'error|Error' "$T/run.log")"
grep -q "fake install-deps run" "$T/install.log" 2>/dev/null; ok $? "make run installs the run level"
[ -x "$SRC/fazhi" ]; ok $? "make run built ./fazhi"
grep -q "fazhi" "$T/run.log"; ok $? "make run ran the program: $(tail -n 1 "$T/run.log")"
finish
