package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy and CSV vector tables: round trips, float64, and one clear error per kind of damage. */
class VectorFileTest {
    /** A .npy file as NumPy writes it (format 1.0), header dict given verbatim. */
    private static byte[] npy(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    private static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    @Test
    void float32RoundTripThroughWriteNpy(@TempDir Path dir) {
        Path f = dir.resolve("codes.npy");
        float[] values = {1.5f, -2f, 0f, 3.25f, 7f, -0.125f};
        VectorFile.writeNpy(f, values, 3, 2);
        VectorFile v = VectorFile.read(f);
        assertThat(v.rows()).isEqualTo(3);
        assertThat(v.columns()).isEqualTo(2);
        assertThat(v.values()).containsExactly(values);
        assertThat(v.row(1)).containsExactly(0f, 3.25f);
    }

    @Test
    void nonFiniteValuesAreRefusedNamingFileRowAndColumn(@TempDir Path dir) throws IOException {
        byte[] bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", doubles(1, 2, Double.NaN, 4));
        assertThatThrownBy(() -> VectorFile.parseNpy("h.npy", bytes)).isInstanceOf(BadInputException.class)
                .hasMessage("h.npy: row 1, column 0 is NaN; vectors must be finite");
        Path csv = dir.resolve("h.csv");
        Files.writeString(csv, "1,2,3\n4,5,Infinity\n");
        assertThatThrownBy(() -> VectorFile.read(csv)).hasMessage(csv + ": row 1, column 2 is Infinity; vectors must be finite");
    }

    @Test
    void float64IsReadAsFloat() {
        byte[] bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", doubles(1, 2, 3, 4.5));
        assertThat(VectorFile.parseNpy("x.npy", bytes).values()).containsExactly(1f, 2f, 3f, 4.5f);
    }

    @Test
    void damagedNpyFilesNameTheFault() {
        byte[] data = doubles(1, 2, 3, 4);
        assertThatThrownBy(() -> VectorFile.parseNpy("a.npy", "NOTNUMPY-garbage".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadInputException.class).hasMessage("a.npy: bad magic, not a .npy file (expected \\x93NUMPY)");
        assertThatThrownBy(() -> VectorFile.parseNpy("b.npy", npy("{'descr' 'garbage' ]]", data)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("b.npy: .npy header has no valid 'descr'");
        assertThatThrownBy(() -> VectorFile.parseNpy("c.npy", npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }", data)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("c.npy: dtype '<i4'");
        assertThatThrownBy(() -> VectorFile.parseNpy("d.npy", npy("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", data)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("little-endian");
        assertThatThrownBy(() -> VectorFile.parseNpy("e.npy", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", data)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("e.npy: Fortran-order");
        assertThatThrownBy(() -> VectorFile.parseNpy("f.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", data)))
                .isInstanceOf(BadInputException.class).hasMessage("f.npy: 1-D array, expected 2-D (images, vector size)");
        assertThatThrownBy(() -> VectorFile.parseNpy("g.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", data)))
                .isInstanceOf(BadInputException.class).hasMessage("g.npy: truncated: 32 data bytes, shape (3, 2) needs 48");
        byte[] cut = new byte[9];
        System.arraycopy(npy("{}", new byte[0]), 0, cut, 0, 9);
        assertThatThrownBy(() -> VectorFile.parseNpy("h.npy", cut))
                .isInstanceOf(BadInputException.class).hasMessage("h.npy: truncated .npy header");
    }

    @Test
    void csvReadsRowsAndRefusesRaggedOnes(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("v.csv");
        Files.writeString(ok, "1, 2, 3\n4,5,6.5\n\n");
        VectorFile v = VectorFile.read(ok);
        assertThat(v.rows()).isEqualTo(2);
        assertThat(v.values()).containsExactly(1f, 2f, 3f, 4f, 5f, 6.5f);
        assertThatThrownBy(() -> VectorFile.parseCsv("r.csv", "1,2,3\n4,5\n"))
                .isInstanceOf(BadInputException.class).hasMessage("r.csv: line 2 has 2 values, the first row has 3");
        assertThatThrownBy(() -> VectorFile.parseCsv("n.csv", "1,x\n"))
                .isInstanceOf(BadInputException.class).hasMessage("n.csv: line 1, column 2: 'x' is not a number");
        assertThatThrownBy(() -> VectorFile.parseCsv("e.csv", "\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("empty CSV");
    }

    @Test
    void datasetRefusesAWrongCountAndCarriesRowsIntoSubsets() {
        ImageDataset data = ImageDataset.unlabeled("tiny", new byte[4 * 4], 4, 1, 2, 2);
        VectorFile three = new VectorFile("v.npy", new float[6], 3, 2);
        assertThatThrownBy(() -> data.withVectors(three))
                .isInstanceOf(BadInputException.class).hasMessage("v.npy: 3 vectors, the dataset has 4 images");
        ImageDataset with = data.withVectors(new VectorFile("v.npy", new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2));
        ImageDataset sub = with.subset(new int[] {3, 1});
        assertThat(sub.vectors().values()).containsExactly(6f, 7f, 2f, 3f);
        assertThat(with.head(1).vectors().values()).containsExactly(0f, 1f);
    }
}
