/*
** t_base.c -- tests of buf, fmt and arena.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/fmt.h"
#include "../../src/base/map.h"

void test_buf(void){
  struct buf b = BUF_INIT;
  struct buf c;
  char *z;
  size_t n;
  int i;
  CHECK(b.buf[0]==0 && b.len==0);
  CHECK(buf_puts(&b, "法治")==0);
  CHECK_INT(b.len, 6);
  for(i=0; i<1000; i++) buf_putc(&b, 'x');
  CHECK_INT(b.len, 1006);
  CHECK(b.buf[b.len]==0);
  buf_truncate(&b, 6);
  CHECK_STR(b.buf, "法治");
  z = buf_detach(&b, &n);
  CHECK_STR(z, "法治");
  CHECK_INT(n, 6);
  CHECK(b.len==0 && b.buf[0]==0);
  free(z);

  buf_init_max(&c, 8);
  CHECK(buf_puts(&c, "12345678")==0);
  CHECK(buf_puts(&c, "9")==-1);
  CHECK(c.bOver);
  CHECK_STR(c.buf, "12345678");
  buf_reset(&c);
  CHECK(buf_appendf(&c, "%s", "123456789")==-1);
  CHECK_STR(c.buf, "");          /* a refused append leaves nothing */
  buf_release(&c);
  CHECK(c.max==8);
}

void test_fmt(void){
  struct buf b = BUF_INIT;
  buf_appendf(&b, "<td>%h</td>", "<script>alert('x')&\"</script>");
  CHECK_STR(b.buf, "<td>&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;</td>");
  buf_reset(&b);
  buf_appendf(&b, "<a title='%a'>", "' onmouseover='x");
  CHECK_STR(b.buf, "<a title='&#39; onmouseover=&#39;x'>");
  buf_reset(&b);
  buf_appendf(&b, "{\"a\":%j,\"b\":%j}", "引号\"\\\n\x01</script>", (char *)0);
  CHECK_STR(b.buf, "{\"a\":\"引号\\\"\\\\\\n\\u0001\\u003c/script\\u003e\",\"b\":null}");
  buf_reset(&b);
  buf_appendf(&b, "/org?q=%t", "梨树 a&b=c/");
  CHECK_STR(b.buf, "/org?q=%E6%A2%A8%E6%A0%91%20a%26b%3Dc%2F");
  buf_reset(&b);
  buf_appendf(&b, "%d|%5d|%-3s|%lld|%zu|%x|%.2f|%%|%c|%s", -7, 42, "a",
              (long long)INT64_MAX, (size_t)99, 255u, 3.14159, 'Z', (char *)0);
  CHECK_STR(b.buf, "-7|   42|a  |9223372036854775807|99|ff|3.14|%|Z|");
  buf_reset(&b);
  buf_appendf(&b, "%.*s|%*d", 2, "abcdef", 4, 7);
  CHECK_STR(b.buf, "ab|   7");
  buf_release(&b);
  {
    char *z = fmt_dup("%s-%d", "x", 1);
    CHECK_STR(z, "x-1");
    free(z);
  }
}

void test_arena(void){
  struct arena *a = arena_new();
  char *z;
  void *p;
  int i, nMisaligned = 0;
  z = arena_strdup(a, "梨树县教育局");
  CHECK_STR(z, "梨树县教育局");
  z = arena_printf(a, "%s第%d小学", "城关镇", 1);
  CHECK_STR(z, "城关镇第1小学");
  for(i=0; i<2000; i++){
    p = arena_alloc(a, 37);
    if( ((uintptr_t)p % _Alignof(max_align_t))!=0 ) nMisaligned++;
  }
  CHECK_INT(nMisaligned, 0);
  p = arena_alloc(a, 100000);          /* a big block */
  memset(p, 1, 100000);
  z = arena_strdup(a, "after");
  CHECK_STR(z, "after");
  CHECK(arena_used(a) >= 100000 + 2000*37);
  CHECK(arena_strdup(a, 0)==0);
  arena_free(a);
}

void test_map(void){
  struct arena *a = arena_new();
  struct map *m = map_new(a);
  char z[32];
  i64 v = 0;
  int i, nBad = 0;
  CHECK(!map_get(m, "梨树县", &v));
  map_set(m, "梨树县", 7);
  CHECK(map_get(m, "梨树县", &v) && v==7);
  map_set(m, "梨树县", 8);
  CHECK(map_get(m, "梨树县", &v) && v==8);
  CHECK_INT(map_count(m), 1);
  for(i=0; i<100000; i++){
    snprintf(z, sizeof(z), "k%d", i);
    map_set(m, z, i);
  }
  for(i=0; i<100000; i++){
    snprintf(z, sizeof(z), "k%d", i);
    if( !map_get(m, z, &v) || v!=i ) nBad++;
  }
  CHECK_INT(nBad, 0);
  CHECK_INT(map_count(m), 100001);
  CHECK(!map_get(m, "k100000", 0));
  arena_free(a);
}
