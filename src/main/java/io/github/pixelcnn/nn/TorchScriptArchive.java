package io.github.pixelcnn.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the TorchScript archive of a module with no parameters and one {@code forward} method,
 * in the layout {@code torch.jit.save} uses, so that libtorch can load it without Python.
 *
 * <p>The archive is a zip of stored entries under one folder: {@code data.pkl} (the module object,
 * a pickle of class {@code __torch__.<Name>} with its {@code training} flag), {@code
 * code/__torch__.py} (the class's TorchScript source), {@code constants.pkl} (an empty tuple) and
 * {@code version} (the serialization format).
 */
final class TorchScriptArchive {
    /** A format libtorch 2.x reads without upgraders; the source uses no versioned operator. */
    private static final String FORMAT_VERSION = "6\n";

    private TorchScriptArchive() {}

    /**
     * Writes the module {@code __torch__.<name>} whose forward returns {@code body}, an expression
     * of its one tensor argument {@code x}.
     *
     * @param name a Python identifier, also the archive's folder
     * @param body e.g. {@code torch.to(x, 15)}
     */
    static void write(String name, String body, OutputStream out) throws IOException {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a Python identifier: " + name);
        }
        String source = "class " + name + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + "  def forward(self: __torch__." + name + ",\n"
                + "    x: Tensor) -> Tensor:\n"
                + "    return " + body + "\n";
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, name + "/data.pkl", modulePickle(name));
            stored(zip, name + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, name + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, name + "/version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * The module object as pickle protocol 2: {@code __torch__.<name>()} built with the state
     * {@code {"training": True}}, the only attribute a parameterless module has.
     */
    private static byte[] modulePickle(String name) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(new byte[] {(byte) 0x80, 2}); // PROTO 2
        p.write(("c__torch__\n" + name + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        p.write(new byte[] {')', (byte) 0x81}); // EMPTY_TUPLE, NEWOBJ
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write(new byte[] {'}', 'X', (byte) key.length, 0, 0, 0}); // EMPTY_DICT, BINUNICODE
        p.write(key);
        p.write(new byte[] {(byte) 0x88, 's', 'b', '.'}); // NEWTRUE, SETITEM, BUILD, STOP
        return p.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
