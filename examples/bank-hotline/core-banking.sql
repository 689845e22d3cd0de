-- The demo bank's core-banking database, which the bank hotline reads through its "core-banking"
-- database connector (PostgreSQL). A PIN is stored only as the hex SHA-256 of
-- "<account number>:<PIN>", so the query compares hashes and no PIN is kept in clear text.
create table accounts (
  account_no varchar(14) primary key,
  holder text not null,
  pin_sha256 char(64) not null,
  balance numeric(14, 2) not null,
  currency char(3) not null default 'TWD'
);

insert into accounts (account_no, holder, pin_sha256, balance) values
  ('1234567890', '陳小明', encode(sha256(convert_to('1234567890:7890', 'UTF8')), 'hex'), 52300.00),
  ('9876543210', 'Mary Lee', encode(sha256(convert_to('9876543210:3210', 'UTF8')), 'hex'), 1280.00),
  ('12345678901234', '黃志強', encode(sha256(convert_to('12345678901234:1234', 'UTF8')), 'hex'), 8800.00);
