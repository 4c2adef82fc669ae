#!/bin/sh
# run-demo.sh -- `make run`: create the demo county on first use, then serve.
set -e
cd "$(dirname "$0")/.."
DATA=${FAZHI_DATA:-./fazhi-data}
LISTEN=${FAZHI_LISTEN:-127.0.0.1:8080}
if [ ! -f "$DATA/fazhi.db" ]; then
  ./fazhi --data "$DATA" init --demo
  echo "请用上面的一次性密码以 admin 登录 http://$LISTEN ，首次登录须修改密码并绑定动态口令。"
fi
exec ./fazhi --data "$DATA" serve --listen "$LISTEN"
