package io.cdclake.curate.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdclake.common.config.DeleteMode;
import io.cdclake.common.config.HistoryMode;
import io.cdclake.common.config.ColumnSpec;
import io.cdclake.common.config.TableContract;
import io.cdclake.common.dms.DmsOperation;
import io.cdclake.common.dms.DmsRecord;
import io.cdclake.common.testing.SharedSpark;
import io.cdclake.curate.testing.Dms;
import io.cdclake.curate.testing.RawZone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SourceOrderTest {
  static final TableContract T = new TableContract("s", "t", List.of("id"), "s_t", List.of(), DeleteMode.HARD,
      HistoryMode.LATEST, false, List.of(ColumnSpec.of("id", "bigint"), ColumnSpec.of("label", "string")), "o", "",
      "test");

  static DmsRecord cdc(String label, String commit, String dms, long recordId) {
    return DmsRecord.data(DmsOperation.UPDATE, "s", "t", Instant.parse(dms), Dms.row("id", 1L, "label", label))
        .withTransaction(new DmsRecord.Transaction("x", Optional.empty(), recordId, Instant.parse(commit),
            Optional.of("zzz-" + label)));
  }

  static DmsRecord load(String label, String dms) {
    return DmsRecord.data(DmsOperation.LOAD, "s", "t", Instant.parse(dms), Dms.row("id", 1L, "label", label));
  }

  /** The records' labels sorted by the change sequence. */
  static List<String> sorted(List<DmsRecord> records) {
    Dataset<Row> raw = RawZone.rows(SharedSpark.get(), T, records, 1, Instant.now(), 0);
    return raw.select(SourceOrder.batchOrder().as("o"), raw.col("label")).orderBy("o")
        .collectAsList().stream().map(r -> r.getString(1)).toList();
  }

  @Test
  void ordersByCommitThenDmsTimeThenRecordIdNeverByArrival() {
    List<DmsRecord> inSourceOrder = List.of(
        load("load-a", "2024-03-01T09:59:00Z"),
        // A full-load image is older than any change with commit details, even with a later DMS time.
        load("load-b", "2024-03-01T11:00:00Z"),
        cdc("c1", "2024-03-01T10:00:00Z", "2024-03-01T10:00:05Z", 7),
        // Same (second-resolution) commit time, later transaction: the DMS time tells.
        cdc("c2", "2024-03-01T10:00:01Z", "2024-03-01T10:00:06Z", 2),
        cdc("c3", "2024-03-01T10:00:01Z", "2024-03-01T10:00:07Z", 1),
        // Same transaction, same DMS time: the record id tells.
        cdc("c4", "2024-03-01T10:00:02Z", "2024-03-01T10:00:08Z", 1),
        cdc("c5", "2024-03-01T10:00:02Z", "2024-03-01T10:00:08Z", 2),
        cdc("c6", "2024-03-01T10:00:02Z", "2024-03-01T10:00:08Z", 10));
    List<String> expected = inSourceOrder.stream().map(r -> (String) r.data().get("label")).toList();
    List<DmsRecord> arrival = new ArrayList<>(inSourceOrder);
    Collections.reverse(arrival);
    assertEquals(expected, sorted(arrival));
    Collections.shuffle(arrival, new java.util.Random(7));
    assertEquals(expected, sorted(arrival));
  }

  /** A CDC record carrying the source's change sequence, as a DMS task with the AR_H_CHANGE_SEQ rule sends it. */
  static DmsRecord withHeader(String label, String commit, String dms, String changeSeq) {
    DmsRecord r = cdc(label, commit, dms, 1);
    java.util.Map<String, Object> data = new java.util.LinkedHashMap<>(r.data());
    data.put(io.cdclake.common.raw.RawColumns.CHANGE_SEQ_HEADER, changeSeq);
    return new DmsRecord(data, r.beforeImage(), r.recordType(), r.operation(), r.schemaName(), r.tableName(),
        r.timestamp(), r.transaction());
  }

  @Test
  void theSourcesChangeSequenceOrdersTiesAndAResendIsTheSameChange() {
    String seq1 = "20240301100000000000000000000000001";
    String seq2 = "20240301100000000000000000000000002";
    // A coarse (seconds) clock: both commit at 10:00:00; DMS restarted and resent c1 half an hour later.
    DmsRecord c1 = withHeader("c1", "2024-03-01T10:00:00Z", "2024-03-01T10:00:05Z", seq1);
    DmsRecord c2 = withHeader("c2", "2024-03-01T10:00:00Z", "2024-03-01T10:00:06Z", seq2);
    DmsRecord c1Resent = withHeader("c1", "2024-03-01T10:00:00Z", "2024-03-01T10:30:00Z", seq1);
    assertEquals(List.of("c1", "c1", "c2"), sorted(List.of(c2, c1Resent, c1)));
    Dataset<Row> raw = RawZone.rows(SharedSpark.get(), T, List.of(c1, c1Resent), 1, Instant.now(), 0);
    List<Row> seqs = raw.select(SourceOrder.changeSequence()).collectAsList();
    assertEquals(seqs.get(0), seqs.get(1), "a resend with a fresh DMS time is the same change");
    assertTrue(seqs.get(0).getString(0).contains(".h" + seq1 + "."), seqs.get(0).getString(0));
    assertEquals(List.of(), raw.select("_extra_columns").first().getJavaMap(0).keySet().stream().toList(),
        "the header is order, not a column of the table");
  }

  @Test
  void changeSequenceIsFixedWidthAndEqualForRedeliveries() {
    DmsRecord r = cdc("x", "2024-03-01T10:00:00.123456Z", "2024-03-01T10:00:01Z", 3);
    Dataset<Row> raw = RawZone.rows(SharedSpark.get(), T, List.of(r, r, load("l", "1970-01-01T00:00:00Z")), 1,
        Instant.now(), 0);
    List<Row> rows = raw.select(SourceOrder.changeSequence(), SourceOrder.batchOrder()).collectAsList();
    String seq = rows.get(0).getString(0);
    assertEquals(seq, rows.get(1).getString(0), "a redelivered record is the same change");
    assertTrue(rows.get(0).getString(1).compareTo(rows.get(1).getString(1)) < 0, "but a later delivery in a batch");
    assertEquals("0001709287200123456.0001709287201000000.0000000000000000003", seq);
    assertEquals(seq.length(), rows.get(2).getString(0).length());
    assertTrue(rows.get(2).getString(0).startsWith(SourceOrder.MISSING + "."), "no commit time sorts first");
  }

  @Test
  void latestPerKeyKeepsTheGreatestOrderOfEachKey() {
    List<Row> rows = SharedSpark.get().sql(
        "SELECT * FROM VALUES (1, 'b', 'x1'), (1, 'c', 'x2'), (1, 'a', 'x3'), (2, 'a', 'y1') AS t(k, o, v)")
        .transform(df -> SourceOrder.latestPerKey(df, List.of("k"), "o"))
        .orderBy("k").collectAsList();
    assertEquals(2, rows.size());
    assertEquals("x2", rows.get(0).getAs("v"));
    assertEquals("y1", rows.get(1).getAs("v"));
  }
}
