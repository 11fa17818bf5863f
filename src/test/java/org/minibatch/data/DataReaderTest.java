package org.minibatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.LocalSpark;

class DataReaderTest {
  @TempDir
  Path dir;

  private static SparkSession spark() {
    return LocalSpark.session();
  }

  private String write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  private static DataSource csv(String path, String label, boolean header) {
    return new DataSource(DataFormat.CSV, path, "", label, "", "", header, ",", 0);
  }

  /** The first action on the frame, with Spark's job failure unwrapped to our message. */
  private static String failure(Dataset<Row> frame) {
    Exception e = assertThrows(Exception.class, frame::collectAsList);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidDataException) {
        return t.getMessage();
      }
    }
    throw new AssertionError("no InvalidDataException in " + e);
  }

  @Test
  void csvWithHeaderAndLabelByNameOrIndex() throws IOException {
    String path = write("a.csv", "x1,y,x2\n1.5,0,2\n-3,1,4e-1\n");
    List<Row> rows = DataReader.read(spark(), csv(path, "y", true)).collectAsList();
    assertEquals(2, rows.size());
    assertArrayEquals(new double[] {1.5, 2}, ((Vector) rows.get(0).get(0)).toArray());
    assertEquals(1.0, rows.get(1).getDouble(1));
    List<Row> byIndex = DataReader.read(spark(), csv(path, "1", true)).collectAsList();
    assertEquals(rows, byIndex);
    String noHeader = write("b.csv", "7,1.5,2\n");
    Row first = DataReader.read(spark(), csv(noHeader, "0", false)).first();
    assertEquals(7.0, first.getDouble(1));
  }

  @Test
  void malformedCsvLinesNameTheFileAndLine() throws IOException {
    String count = write("count.csv", "a,b,label\n1,2,0\n1,2\n");
    assertEquals("file:" + count + ", line 3: has 2 columns, expected 3",
        failure(DataReader.read(spark(), csv(count, "label", true))));
    String text = write("text.csv", "a,b,label\n1,2,0\n1,abc,1\n");
    assertEquals("file:" + text + ", line 3, column 2: 'abc' is not a number",
        failure(DataReader.read(spark(), csv(text, "label", true))));
    String nan = write("nan.csv", "a,b,label\nNaN,2,0\n");
    assertEquals("file:" + nan + ", line 2, column 1: NaN is not a finite number",
        failure(DataReader.read(spark(), csv(nan, "label", true))));
    assertEquals("data.label_column 'target' is not a column of " + nan
            + "; its header has: a, b, label",
        assertThrows(IllegalArgumentException.class,
            () -> DataReader.read(spark(), csv(nan, "target", true))).getMessage());
  }

  @Test
  void labelOutOfRangeIsCaughtWithTheRowWhenCaching() throws IOException {
    String path = write("range.csv", "a,label\n1,0\n2,1\n3,5\n");
    Dataset<Row> frame = DataReader.read(spark(), csv(path, "label", true));
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> CachedData.fromDataFrame(frame, "features", "label",
            NetworkSpec.parse("1-4-3 relu softmax"), new CachedData.Layout(1, 0, 1)));
    assertEquals("row 2: label 5.0 is not a class index: expected an integer in 0..2",
        e.getMessage());
  }

  private static DataSource csvPairs(String path, String features, int width) {
    return new DataSource(DataFormat.CSV, path, "", "label", features, "", true, ",", width);
  }

  @Test
  void csvWithAColumnOfSparsePairsStaysSparse() throws IOException {
    String path = write("pairs.csv", "id,label,features\nA,1,0:0.5 3:2\nB,0,\nC,2, 1:-1 \n");
    List<Row> rows = DataReader.read(spark(), csvPairs(path, "features", 0)).collectAsList();
    assertEquals(3, rows.size());
    SparseVector first = (SparseVector) rows.get(0).get(0);
    assertEquals(4, first.size(), "one more than the largest index");
    assertArrayEquals(new int[] {0, 3}, first.indices());
    assertArrayEquals(new double[] {0.5, 2}, first.values());
    assertEquals(0, ((SparseVector) rows.get(1).get(0)).numActives(), "an empty column");
    assertArrayEquals(new double[] {0, -1, 0, 0}, ((Vector) rows.get(2).get(0)).toArray());
    assertEquals(2.0, rows.get(2).getDouble(1));
    assertEquals(10, ((Vector) DataReader.read(spark(), csvPairs(path, "2", 10)).first().get(0))
        .size(), "data.num_features, the column by index");

    String bad = write("bad-pairs.csv", "id,label,features\nA,1,2:1 1:1\n");
    assertEquals("file:" + bad + ", line 2, column 3: index 1 comes after index 2; sparse"
        + " indices must be ascending", failure(DataReader.read(spark(),
            csvPairs(bad, "features", 0))));
    assertEquals("file:" + path + ", line 2, column 3: index 3 is outside 0..2, the feature"
        + " count", failure(DataReader.read(spark(), csvPairs(path, "features", 3))));
    String text = write("text-pairs.csv", "id,label,features\nA,1,4:x\n");
    assertEquals("file:" + text + ", line 2, column 3, feature 4: 'x' is not a number",
        failure(DataReader.read(spark(), csvPairs(text, "features", 0))));
    assertEquals("data.features_column 'label' is also the label column",
        assertThrows(IllegalArgumentException.class,
            () -> DataReader.read(spark(), csvPairs(path, "label", 0))).getMessage());
  }

  @Test
  void libsvmSparseRowsAndBadIndices() throws IOException {
    String path = write("a.libsvm", "1 1:0.5 3:2\n0 2:-1\n");
    List<Row> rows = DataReader.read(spark(), DataSource.of(DataFormat.LIBSVM, path))
        .collectAsList();
    assertArrayEquals(new double[] {0.5, 0, 2}, ((Vector) rows.get(0).get(0)).toArray());
    assertArrayEquals(new double[] {0, -1, 0}, ((Vector) rows.get(1).get(0)).toArray());
    // the lines' non-zeros stay sparse, 0-based
    SparseVector first = (SparseVector) rows.get(0).get(0);
    assertArrayEquals(new int[] {0, 2}, first.indices());
    assertArrayEquals(new double[] {0.5, 2}, first.values());
    String bad = write("bad.libsvm", "1 1:0.5 3:2\n0 3:1 2:1\n");
    assertEquals("file:" + bad + ", line 2: index 2 comes after index 3; LIBSVM indices must be ascending",
        failure(DataReader.read(spark(), DataSource.of(DataFormat.LIBSVM, bad))));
    String wide = write("wide.libsvm", "1 1:0.5 3:2\n0 5:1\n");
    assertEquals("file:" + wide + ", line 2: index 5 is outside 1..3, the feature count",
        failure(DataReader.read(spark(), new DataSource(DataFormat.LIBSVM, wide, "", "label",
            "", "", true, " ", 3))));
    String text = write("text.libsvm", "1 1:x\n");
    assertEquals("file:" + text + ", line 1, feature 1: 'x' is not a number",
        failure(DataReader.read(spark(), DataSource.of(DataFormat.LIBSVM, text))));
  }

  @Test
  void parquetNumericColumnsAndNulls() {
    StructType schema = new StructType().add("a", DataTypes.DoubleType)
        .add("b", DataTypes.IntegerType).add("label", DataTypes.DoubleType);
    String path = dir.resolve("p.parquet").toString();
    spark().createDataFrame(List.of(RowFactory.create(1.0, 2, 0.0),
        RowFactory.create(3.0, 4, 1.0)), schema).coalesce(1).write().parquet(path);
    List<Row> rows = DataReader.read(spark(), DataSource.of(DataFormat.PARQUET, path))
        .collectAsList();
    assertArrayEquals(new double[] {3, 4}, ((Vector) rows.get(1).get(0)).toArray());
    String nulls = dir.resolve("n.parquet").toString();
    spark().createDataFrame(List.of(RowFactory.create(1.0, 2, 0.0),
        RowFactory.create(null, 4, 1.0)), schema).coalesce(1).write().parquet(nulls);
    assertEquals("row 1, column 'a': null",
        failure(DataReader.read(spark(), DataSource.of(DataFormat.PARQUET, nulls))));
  }

  @Test
  void idxImagesAndLabelsGzipped() throws IOException {
    Path images = dir.resolve("t-images-idx3-ubyte.gz");
    Path labels = dir.resolve("t-labels-idx1-ubyte.gz");
    try (DataOutputStream out = new DataOutputStream(gzip(images))) {
      out.writeInt(0x803);
      out.writeInt(3);
      out.writeInt(1);
      out.writeInt(2);
      out.write(new byte[] {0, 1, 2, 3, 4, (byte) 255});
    }
    try (DataOutputStream out = new DataOutputStream(gzip(labels))) {
      out.writeInt(0x801);
      out.writeInt(3);
      out.write(new byte[] {7, 8, 9});
    }
    List<Row> rows = DataReader.read(spark(), DataSource.of(DataFormat.IDX, images.toString()))
        .collectAsList();
    assertEquals(3, rows.size());
    assertArrayEquals(new double[] {4, 255}, ((Vector) rows.get(2).get(0)).toArray());
    assertEquals(9.0, rows.get(2).getDouble(1));
  }

  @Test
  void skipModeLeavesOutAndCountsUnreadableRows() throws IOException {
    String path = write("mixed.csv", "a,b,label\n1,2,0\n1,abc,1\n3,4\n5,6,1\nNaN,1,0\n");
    DataSource source = csv(path, "label", true);
    List<Row> rows = DataReader.read(spark(), source, true).collectAsList();
    assertEquals(2, rows.size());
    assertArrayEquals(new double[] {5, 6}, ((Vector) rows.get(1).get(0)).toArray());
    DataReader.Invalid invalid = DataReader.countInvalid(spark(), source);
    assertEquals(3, invalid.count());
    assertEquals("file:" + path + ", line 3, column 2: 'abc' is not a number", invalid.first());
    StructType schema = new StructType().add("a", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType);
    String parquet = dir.resolve("nulls.parquet").toString();
    spark().createDataFrame(List.of(RowFactory.create(1.0, 0.0), RowFactory.create(null, 1.0),
        RowFactory.create(2.0, null)), schema).coalesce(1).write().parquet(parquet);
    DataSource p = DataSource.of(DataFormat.PARQUET, parquet);
    assertEquals(1, DataReader.read(spark(), p, true).count());
    DataReader.Invalid nulls = DataReader.countInvalid(spark(), p);
    assertEquals(2, nulls.count());
    assertEquals("row 1, column 'a': null", nulls.first());
  }

  @Test
  void missingPathsAndUnknownFormatsAreClear() {
    String missing = dir.resolve("nope.csv").toString();
    assertEquals(missing + ": no such file or directory",
        assertThrows(IllegalArgumentException.class,
            () -> DataReader.read(spark(), csv(missing, "label", true))).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DataFormat.fromPath("data.bin")).getMessage().startsWith(
            "cannot tell the format of 'data.bin' from its name; set data.format"));
    assertEquals("unknown data format 'parket'; did you mean 'parquet'? Valid: fashion-mnist,"
        + " idx, libsvm, csv, parquet", assertThrows(IllegalArgumentException.class,
            () -> DataFormat.parse("parket")).getMessage());
  }

  private static OutputStream gzip(Path p) throws IOException {
    return new GZIPOutputStream(Files.newOutputStream(p));
  }
}
