#include "tools/demo/text_pools.h"

namespace nanoinfluence::demo {

const TextPools& FrenchPools() {
  static const TextPools* pools = [] {
    auto* p = new TextPools;
    p->openers = {
        "Reçue dans ma box la semaine dernière, je l'ai goûtée le soir même.",
        "J'ai eu la chance de tester cette barre grâce à Champs d'Or.",
        "Testée pendant {D} jours, au petit-déjeuner comme au goûter.",
        "Je ne connaissais pas la marque avant ce test.",
        "Toute la famille a voulu goûter dès l'ouverture du colis.",
        "J'étais sceptique au départ, les barres de céréales me déçoivent "
        "souvent.",
        "Après {D} jours de test, voici mon avis honnête.",
        "Je cherchais une alternative aux biscuits industriels pour le matin.",
        "Le colis est arrivé vite et bien protégé.",
        "Grande consommatrice de barres de céréales, j'avais hâte de comparer.",
        "Sportif du dimanche, je teste beaucoup d'en-cas pour mes sorties.",
        "Ma fille a ouvert le colis avant moi, mauvais signe pour ma part.",
        "Petit test sans prétention de la barre {F}.",
        "On m'a envoyé la version {F}, je l'ai partagée en {N} morceaux pour "
        "faire goûter autour de moi.",
        "Je mange une barre presque tous les jours vers 10 h.",
        "Première fois que je participe à un test produit, je joue le jeu.",
        "Je l'ai gardée pour une journée chargée au travail.",
        "Maman de {N} enfants, je suis toujours à la recherche de goûters "
        "pratiques.",
    };
    p->cacao_taste = {
        "Le cacao est bien présent sans être écœurant.",
        "Les noisettes apportent un vrai goût torréfié.",
        "On retrouve le goût d'une pâte à tartiner, en plus léger.",
        "Le chocolat est plutôt noir, j'aime beaucoup.",
        "La noisette domine, le cacao vient en fin de bouche.",
        "Un goût de cacao franc, qui rappelle les goûters d'enfance.",
        "Les éclats de noisette se sentent à chaque bouchée.",
        "Le mélange cacao et noisette fonctionne très bien.",
    };
    p->berry_taste = {
        "On sent les fruits rouges, acidulés juste ce qu'il faut.",
        "La framboise ressort bien, la fraise un peu moins.",
        "Le goût fruité est naturel, pas chimique du tout.",
        "Les morceaux de cranberry donnent du peps.",
        "Une pointe d'acidité qui réveille le matin.",
        "Le fruit est présent sans masquer le goût des céréales.",
        "Ça sent la confiture de fruits rouges à l'ouverture.",
        "Le côté fruité change des barres toujours au chocolat.",
    };
    p->texture = {
        "Le croquant tient jusqu'à la dernière bouchée.",
        "La texture est moelleuse à cœur et croustillante dessus.",
        "Les flocons d'avoine restent bien croquants.",
        "Elle ne s'effrite pas, même au fond du sac.",
        "Ni trop dure ni trop collante, la texture est réussie.",
        "Le croustillant des céréales soufflées est très agréable.",
        "Elle fond un peu en bouche, c'est gourmand.",
        "On sent de vrais grains, ça change des barres pâteuses.",
        "Elle se tient bien en main, pas de miettes partout.",
    };
    p->moments = {
        "Parfaite dans le sac de sport après la séance.",
        "Idéale pour le goûter des enfants à la sortie de l'école.",
        "Je l'emporte au bureau pour la pause de 16 h.",
        "Elle a tenu sans fondre pendant une randonnée de {N} heures.",
        "Pratique dans la voiture pendant les longs trajets.",
        "Je la mange avec un café, le matin, en lisant les nouvelles.",
        "Elle m'a sauvé d'une fringale avant une réunion.",
        "Avec un yaourt nature, c'est mon petit-déjeuner de la semaine.",
        "Elle accompagne très bien un thé en fin d'après-midi.",
        "Je la glisse dans mon sac à dos pour le vélo.",
        "Parfaite entre deux cours à la fac.",
        "C'est devenu mon en-cas de garde de nuit.",
        "Elle a fait l'unanimité au pique-nique de dimanche.",
    };
    p->people = {
        "Mon fils de {N} ans en redemande.",
        "Mon conjoint, pourtant difficile, a validé.",
        "Ma voisine m'a demandé où l'acheter.",
        "Mes collègues l'ont goûtée et ont adoré.",
        "Ma grand-mère l'a trouvée un peu dure pour ses dents.",
        "Les copains du club de foot ont tout mangé.",
        "Ma colocataire me l'a piquée deux fois.",
        "Mes enfants se battent pour la dernière.",
        "Mon père, qui ne mange jamais de barres, a été surpris.",
        "Ma sœur, très attentive au sucre, l'a trouvée raisonnable.",
    };
    p->details = {
        "La liste d'ingrédients est courte et lisible.",
        "Le Nutri-Score B est un vrai plus.",
        "L'emballage s'ouvre facilement d'une main.",
        "Pas trop sucrée, ce qui est rare pour ce type de produit.",
        "Elle cale vraiment jusqu'au déjeuner.",
        "35 g, c'est la bonne taille pour une collation.",
        "Les céréales sont françaises, c'est indiqué sur le paquet.",
        "Sans huile de palme, je vérifie toujours.",
        "Le prix annoncé reste correct pour de la qualité.",
        "L'apport en fibres est intéressant.",
        "Elle se conserve bien une fois le paquet ouvert.",
        "On voit les ingrédients à travers la barre, rien de caché.",
    };
    p->cons = {
        "Un peu chère pour une barre de 35 g.",
        "Elle colle légèrement aux dents.",
        "J'aurais aimé une version plus grande.",
        "L'emballage individuel n'est pas recyclable, dommage.",
        "Un peu trop sucrée à mon goût en fin de journée.",
        "Le goût s'estompe assez vite.",
        "Elle manque un peu de croquant le deuxième jour.",
        "Difficile à trouver dans mon supermarché pour l'instant.",
        "La portion est vite avalée.",
        "Le parfum {F} est un peu discret.",
        "Après {D} jours, on s'en lasse un peu.",
        "Le carton du paquet s'abîme vite dans le sac.",
        "Mes {N} enfants n'étaient pas tous d'accord.",
    };
    p->negatives = {
        "Trop sucrée pour moi, j'ai eu du mal à la finir.",
        "La texture m'a rappelé du carton au bout de deux jours.",
        "Elle s'est émiettée dans le sac avant même d'être ouverte.",
        "Le goût m'a paru artificiel dès la première bouchée.",
        "Bien trop dure, j'ai eu peur pour mes dents.",
        "Elle laisse un arrière-goût étrange en bouche.",
        "Beaucoup d'emballage pour peu de produit.",
        "Je n'ai pas retrouvé le goût promis sur le paquet.",
        "Elle m'a laissé sur ma faim une heure après.",
        "Les {N} personnes qui l'ont goûtée avec moi n'ont pas aimé non plus.",
        "Le parfum {F} ne ressemble à rien de connu.",
        "Au bout de {D} jours, je n'avais toujours pas envie d'y retoucher.",
        "Elle colle au papier et se casse en deux à l'ouverture.",
        "Bien trop grasse, on le sent sur les doigts.",
        "Pour le prix, je m'attendais à beaucoup mieux.",
        "Mes enfants l'ont laissée au fond du cartable.",
        "On ne sent pas les céréales, seulement le sucre.",
    };
    p->verdicts_good = {
        "Je la rachèterai sans hésiter.",
        "Je la recommande à tous ceux qui cherchent un en-cas rapide.",
        "Un vrai coup de cœur.",
        "Elle a trouvé sa place dans mon placard.",
        "Merci Champs d'Or pour cette découverte.",
        "Bravo pour la recette, c'est réussi.",
        "Elle rejoint ma liste de courses.",
        "Hâte de goûter les autres parfums.",
        "Une très bonne surprise, je suis conquise.",
        "À essayer sans attendre.",
    };
    p->verdicts_mixed = {
        "Correcte, sans plus.",
        "Bonne mais pas révolutionnaire.",
        "Je la prendrai peut-être en promotion.",
        "Un bon dépannage, sans être un coup de cœur.",
        "À améliorer, mais l'idée est bonne.",
        "Je reste partagée.",
        "Trois étoiles, parce qu'elle dépanne bien.",
        "Je la reprendrai si la recette évolue.",
        "Moyenne, mais je comprends que d'autres l'adorent.",
    };
    p->verdicts_bad = {
        "Je ne la rachèterai pas.",
        "Déçue, j'attendais mieux de la marque.",
        "Dommage, le concept était prometteur.",
        "Je retourne à mes biscuits habituels.",
        "Pas pour moi, malheureusement.",
        "Une recette à revoir entièrement.",
        "Je ne la conseille pas.",
        "Peut-être une autre saveur la prochaine fois, mais pas celle-ci.",
        "Une vraie déception pour une marque que j'aimais bien.",
    };
    p->titles_good = {
        "Un vrai coup de cœur",
        "Parfaite pour le goûter",
        "Le bon croquant",
        "Validée par toute la famille",
        "Enfin une barre pas trop sucrée",
        "Mon nouvel en-cas préféré",
        "Gourmande et pratique",
        "Top pour le sport",
        "Adoptée au bureau",
        "Une belle découverte",
        "Excellente surprise",
        "Je recommande",
        "Le goûter idéal",
        "Croquante et savoureuse",
    };
    p->titles_mixed = {
        "Correcte sans plus", "Bonne mais un peu chère", "Peut mieux faire",
        "Avis partagé",       "Pas mal, sans plus",      "Un bon dépannage",
    };
    p->titles_bad = {
        "Déçue",          "Trop sucrée pour moi",
        "Pas convaincue", "Texture décevante",
        "Pas pour moi",   "Dommage",
    };
    p->recipe_dishes = {
        "Porridge croustillant", "Cookies express",   "Crumble du dimanche",
        "Yaourt glacé",          "Granola maison",    "Parfait en verrine",
        "Pancakes gourmands",    "Smoothie bowl",     "Truffes sans cuisson",
        "Muffins du goûter",     "Cheesecake minute", "Bananes rôties",
        "Brioche perdue",        "Overnight oats",    "Compote croquante",
    };
    p->recipe_steps = {
        "Émiettez {N} barres dans un bol.",
        "Faites chauffer le lait avec une pincée de cannelle.",
        "Mélangez les flocons et le yaourt la veille au soir.",
        "Enfournez {D} minutes à 180 °C.",
        "Laissez prendre au frais pendant {N} heures.",
        "Ajoutez une cuillère de miel et une pincée de sel.",
        "Coupez une banane en rondelles et faites-la dorer à la poêle.",
        "Parsemez les morceaux de barre juste avant de servir.",
        "Mixez les fruits avec un peu de lait d'amande.",
        "Formez des boules et roulez-les dans le cacao.",
        "Versez la pâte dans des caissettes aux deux tiers.",
        "Montez la crème bien froide en chantilly.",
        "Alternez les couches de compote et de barre émiettée.",
        "Servez tiède avec une boule de glace vanille.",
    };
    p->recipe_tips = {
        "Astuce : gardez quelques morceaux pour le croquant final.",
        "Les enfants adorent le préparer avec moi.",
        "Ça se garde deux jours dans une boîte hermétique.",
        "Avec la version fruits rouges, c'est encore plus frais.",
        "Parfait pour recycler les barres un peu cassées.",
        "Prêt en moins de quinze minutes.",
    };
    p->caption_hooks = {
        "Nouveau rituel du matin",
        "Pause goûter validée",
        "Ce qu'il y a dans mon sac de sport",
        "Test de la semaine",
        "Le snack qui a conquis la maison",
        "Petite découverte du jour",
        "Mon en-cas de rando",
        "Retour de test",
        "Goûter du mercredi",
        "Ma pause de 16 h",
        "Petit-déjeuner sur le pouce",
        "Le croquant qu'il me fallait",
        "Dans mon sac aujourd'hui",
        "Nouveauté testée",
        "Le goûter des champions",
        "On en parle ?",
        "Ma découverte du mois",
        "Pause café gourmande",
    };
    p->caption_bodies = {
        "la barre {F} de @champsdor, croquante et pas trop sucrée.",
        "j'ai testé la nouvelle barre {F} pendant {D} jours.",
        "les enfants ont validé la {F} en deux secondes.",
        "une barre {F} qui tient vraiment jusqu'à midi.",
        "testée en rando, elle n'a pas fondu dans le sac.",
        "avis complet en story, la {F} m'a surprise.",
        "je vous dis tout sur cette barre {F} en vidéo.",
        "le croquant des flocons d'avoine avec une touche {F}.",
        "{D} jours de test de la barre {F}, mon verdict arrive.",
        "la {F} a fait sensation au bureau.",
        "on a goûté la {F} en famille, {N} avis sur {N} positifs.",
        "une barre {F} qui change des biscuits du matin.",
        "la barre {F} s'est invitée dans mon sac de sport.",
        "premier test de la {F} après le footing.",
        "j'ai enfin reçu ma barre {F} à tester.",
        "la {F} avec un café, combo parfait.",
    };
    p->caption_endings = {
        "Vous l'avez goûtée ?",
        "Dites-moi en commentaire !",
        "Qui veut la recette de mon porridge ?",
        "Bonne journée à tous.",
        "On se retrouve demain pour la suite.",
        "",
    };
    p->hashtags = {
        "#snacking",  "#petitdejeuner", "#gouter", "#healthyfood",
        "#cereales",  "#madeinfrance",  "#foodie", "#miam",
        "#sportlife", "#encas",
    };
    // What ugc recognises as saying the post is incentivised.
    p->disclosure_markers = {
        "#pub",         "#ad",
        "#gifted",      "Collaboration commerciale avec @champsdor.",
        "#partenariat", "Produit offert par la marque.",
        "#sponsorisé",
    };
    p->photo_captions = {
        "Mon goûter du jour",     "Petit-déjeuner sur la terrasse",
        "La barre {F} en vrai",   "Pause croquante au soleil",
        "Avant la randonnée",     "Le colis est arrivé !",
        "Dégustation en famille", "Mon bureau, mon café, ma barre",
    };
    // Under 8 words: ugc does not compare texts that short, so two testers
    // writing the same note is not a copy.
    p->word_of_mouth_notes = {
        "J'en ai parlé au bureau.",
        "Au club de sport.",
        "Au repas de famille dimanche.",
        "À mes collègues et voisins.",
        "Au groupe de marche.",
        "",
        "",
    };
    p->video_titles = {
        "Je teste la barre {F} de Champs d'Or",
        "Unboxing et dégustation",
        "Mon avis sans filtre sur la barre {F}",
        "3 façons de manger la barre {F}",
        "Test en conditions réelles : la rando",
        "Petit-déjeuner express avec Champs d'Or",
        "Goûter test avec les enfants",
        "Vlog : une semaine avec la barre {F}",
    };
    p->abuse = {
        "Franchement c'est de la merde.",
        "Putain, quelle déception.",
        "Une vraie merde, pardon mais c'est le mot.",
        "Putain mais qui a validé cette recette ?",
    };
    p->spam_openers = {
        "Barres protéinées -70% aujourd'hui seulement",
        "Gagnez un an de snacks gratuits",
        "Code promo exclusif pour mes abonnés",
        "Vente flash sur les compléments alimentaires",
        "Vous cherchez moins cher que cette barre ?",
        "Livraison offerte ce week-end sur tout le site",
    };
    p->spam_middles = {
        "cliquez vite, le stock est limité", "offre réservée aux cent premiers",
        "ne ratez surtout pas ça",           "tout est expliqué sur ces liens",
        "inscrivez-vous avant minuit",
    };
    p->spam_domains = {
        "promo-barres.example",
        "deals.example",
        "bit.example",
        "snack-discount.example",
        "cadeaux-gratuits.example",
    };
    return p;
  }();
  return *pools;
}

}  // namespace nanoinfluence::demo
