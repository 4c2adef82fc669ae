/*
** migrate.h -- moving a county's database into a shared one (migrate.c).
*/
#ifndef FAZHI_MIGRATE_H
#define FAZHI_MIGRATE_H

/* fazhi migrate-db --from COUNTY_DATA_DIR --parent ORG */
int migrate_cmd(int argc, char **argv);

#endif
