# Documentos de origen guardados en el sitio: la página del documento, adjuntarlo y sus errores.

document-type-pdf = PDF
document-type-image = Imagen escaneada
document-type-html = Página web guardada
document-type-text = Archivo de texto

source-document-invalid = La referencia al documento de esta fuente no es válida. Abra el enlace «Adjuntar el documento» de la fuente para añadir el archivo de nuevo.
field-source-document = Documento guardado (SHA-256)

document-file-missing = Elija el archivo que quiere subir.
document-file-empty = Ese archivo está vacío. Elija el documento mismo.
document-file-kind = El sitio guarda PDF, imágenes escaneadas (PNG, JPEG, TIFF), páginas web guardadas (HTML) y archivos de texto. Este archivo no es ninguno de ellos, diga lo que diga su nombre.
document-image-damaged = Esta imagen parece dañada: no se puede leer su cabecera. Guárdela o escanéela de nuevo y suba esa copia.
document-file-too-large = Ese archivo pesa más de { $mb } MB, el máximo que acepta este sitio. Suba una copia más pequeña (por ejemplo, solo las páginas que importan).
document-upload-unreadable = La subida se cortó o no se pudo leer. Inténtelo de nuevo.
document-quota = Ha subido { $mb } MB de documentos en las últimas 24 horas, el máximo por cuenta. Inténtelo mañana o pida ayuda a un moderador.
document-not-stored = No se pudo guardar el archivo ahora. No se cambió nada; inténtelo de nuevo en un minuto.

document-page-title = { $name } (documento de origen)
document-private = Solo usted y los moderadores ven este documento hasta que un moderador apruebe el cambio que lo cita.
document-row-publisher = Publicado por
document-row-type = Tipo de archivo
document-row-size = Tamaño
document-row-pages = Páginas
document-row-uploaded = Subido
document-uploaded-by = { $date } por { $who }
document-row-sha256 = Huella SHA-256
document-download = Descargar el archivo
document-open = Abrirlo en el navegador
document-cited-by = Acuerdos que lo citan
document-citing-withdrawn = retirado
document-citing-pending = cambio pendiente de revisión
document-check-heading = Compruebe una copia que tenga
document-check-intro = Esta huella cambia si cambia un solo byte del archivo. Para comprobar una copia en su computadora, ejecute esta línea en una terminal, en la carpeta que la contiene (el nombre del archivo debe coincidir):
document-check-label = O elija aquí su copia
document-check-hint = Su navegador calcula la huella por sí mismo; el archivo no se sube.
document-check-checking = Comprobando…
document-check-same = Su copia es este documento, byte por byte.
document-check-different = Su copia no es el mismo archivo: su huella es distinta.
document-check-unavailable = Este navegador no puede calcular la huella aquí. Use la línea de arriba.
document-text-heading = Texto del documento
document-text-waiting = Se está leyendo el texto de este documento. Aparecerá aquí, y en la búsqueda, en unos minutos.
document-text-none = No se encontró texto en este archivo.
document-text-failed = No se pudo leer el texto de este archivo (puede estar dañado, protegido o ser demasiado grande para leerlo con seguridad). El archivo se guarda y se puede descargar.
document-page-n = Página { $page }
document-show-all = Mostrar el texto de todas las páginas (solo se muestran las primeras { $shown })

attach-page-title = Adjuntar un documento de origen
attach-heading = Adjuntar el documento
attach-intro = Suba el documento de la fuente «{ $source }» de
attach-has-document = Esta fuente ya tiene un documento. Un archivo nuevo lo reemplaza en el acuerdo; el anterior queda en el historial.
attach-see-document = Ver el documento actual
attach-file-label = El documento
attach-file-hint = Un PDF, un escaneo (PNG, JPEG o TIFF), una página web guardada o un archivo de texto, de hasta { $mb } MB. El sitio lo guarda con su huella SHA-256.
attach-review-note = Adjuntar un documento es una edición del acuerdo: un moderador la revisa antes de que el público vea el archivo.
attach-uploading = Subiendo:
attach-review-note-moderator = Como moderador, su adjunto se publica enseguida y queda en el historial del acuerdo.
attach-submit = Subir y adjuntar

deal-page-document-kept = Documento guardado en este sitio
deal-page-document-attach = Adjuntar el documento
deal-page-document-replace = Reemplazar el documento

browse-found-in = En la página { $page } de «{ $title }»
