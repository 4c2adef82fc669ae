/* embed_none.c -- an empty table of embedded files for the fuzz targets,
** which link parts of fazhi without the generated assets. */
#include "../../src/base/embed.h"

const struct embed_file embed_table[] = { { 0, 0, 0 } };
