// Converts the emoji of scripts/emoji.sh into 28x28 gray PNGs on black, the shape of Fashion-MNIST,
// as an out-of-distribution candidate set for `pixelcnn ood` (docs/ood.md).
// Usage: java scripts/EmojiGray.java data/emoji data/emoji-gray
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

public class EmojiGray {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java scripts/EmojiGray.java EMOJI_DIR OUT_DIR");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[1]));
        List<Path> files;
        try (Stream<Path> all = Files.walk(Path.of(args[0]))) {
            files = all.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        for (Path file : files) {
            BufferedImage source = ImageIO.read(file.toFile());
            // Transparent parts become black, like Fashion-MNIST's background; then area-averaged to 28x28.
            BufferedImage gray = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = gray.createGraphics();
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, 28, 28);
            g.drawImage(source.getScaledInstance(28, 28, Image.SCALE_AREA_AVERAGING), 0, 0, null);
            g.dispose();
            String name = file.getParent().getFileName() + "-" + file.getFileName();
            ImageIO.write(gray, "png", out.resolve(name).toFile());
        }
        System.out.println(files.size() + " emoji as 28x28 gray PNGs in " + out);
    }
}
