#!/bin/sh
# Runs once, when the PostgreSQL container initialises an empty data folder: MidWatch's database belongs to
# an ordinary role, not to the superuser the image creates from POSTGRES_USER.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v owner_password="$MIDWATCH_DB_PASSWORD" <<'SQL'
CREATE ROLE midwatch LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE DATABASE midwatch OWNER midwatch;
SQL
